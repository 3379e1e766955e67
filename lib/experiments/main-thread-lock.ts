/**
 * The main thread waiting for a lock a worker holds. `SharedMutex.lock` sleeps in Atomics.wait, so the
 * whole event loop stops until the lock comes: no timer fires, no reply is read. `lockAsync` waits in
 * Atomics.waitAsync, and the loop runs on. A ticker on the main thread tells the two apart.
 */
import { Worker } from 'node:worker_threads';
import { workerFile } from '../files';
import { checkOneOf } from '../check-choice';
import { checkMs } from '../check-range';
import { LIMITS } from '../limits';
import { track } from '../running';
import { SharedMutex } from '../sync/shared-mutex';

export const LOCK_WAITS = ['lock', 'lockAsync'] as const;
export type LockWait = (typeof LOCK_WAITS)[number];

export interface LockWaitRow {
  how: LockWait;
  /** How long the main thread waited for the lock. */
  waitedMs: number;
  /** How often a `tickMs` interval timer on the main thread fired during the wait. */
  ticksWhileWaiting: number;
  /** What a free event loop fires in that time: ⌊waitedMs / tickMs⌋. */
  ticksDue: number;
  /** The longest stretch without a tick, from the start of the wait to the first tick after it. */
  longestSilenceMs: number;
  /** When each tick fired, in ms from the start of the wait, up to the first tick after it. */
  tickTimesMs: number[];
}

/**
 * A worker takes a SharedMutex and holds it for `holdMs`; meanwhile the main thread asks for it `how`,
 * with a `tickMs` timer running. The worker is stopped before this returns, and on an interrupt.
 * @example await lockWaitOnMainThread({ how: 'lockAsync', holdMs: 200 }) // ticksWhileWaiting ≈ 19
 */
export async function lockWaitOnMainThread({
  how,
  holdMs = 200,
  tickMs = 10,
}: {
  how: LockWait;
  holdMs?: number;
  tickMs?: number;
}): Promise<LockWaitRow> {
  checkOneOf('how', how, LOCK_WAITS);
  checkMs('holdMs', holdMs, LIMITS.blockMs);
  // The ticker must tick at least once while the lock is held.
  checkMs('tickMs', tickMs, { min: 1, max: holdMs });
  const mutex = new SharedMutex(new Int32Array(new SharedArrayBuffer(4)), 0, 'held by a worker');
  const holder = new Worker(workerFile('lock-holder'), {
    workerData: { buffer: mutex.cells.buffer, index: 0, holdMs },
  });
  const forget = track(async () => {
    await holder.terminate();
  });
  let ticker: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      holder.once('message', () => resolve());
      holder.once('error', reject);
      holder.once('exit', (code) =>
        reject(new Error(`the lock holder exited with code ${code} before it took the lock`)),
      );
    });
    const ticks: number[] = [];
    let onTick: (() => void) | undefined;
    ticker = setInterval(() => {
      ticks.push(performance.now());
      onTick?.();
    }, tickMs);
    // Nothing hangs: a holder that never lets go turns into a LockTimeoutError.
    const timeoutMs = holdMs + 10_000;
    const started = performance.now();
    if (how === 'lock') mutex.lock(timeoutMs);
    else await mutex.lockAsync(timeoutMs);
    const ended = performance.now();
    mutex.unlock();
    // The first tick after the wait closes the last silence (at once, after a blocking wait: it is overdue).
    await new Promise<void>((resolve) => {
      onTick = resolve;
    });
    const marks = [started, ...ticks];
    return {
      how,
      waitedMs: ended - started,
      ticksWhileWaiting: ticks.filter((time) => time <= ended).length,
      ticksDue: Math.floor((ended - started) / tickMs),
      longestSilenceMs: Math.max(...marks.slice(1).map((time, index) => time - marks[index])),
      tickTimesMs: ticks.map((time) => time - started),
    };
  } finally {
    clearInterval(ticker);
    await holder.terminate();
    forget();
  }
}

/**
 * `lockWaitOnMainThread` once each way, blocking first.
 * @example showHtml(htmlTable(await compareLockWaits({ holdMs: 200 })));
 */
export async function compareLockWaits(options: { holdMs?: number; tickMs?: number } = {}): Promise<LockWaitRow[]> {
  const rows: LockWaitRow[] = [];
  for (const how of LOCK_WAITS) rows.push(await lockWaitOnMainThread({ how, ...options }));
  return rows;
}

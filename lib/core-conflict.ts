/**
 * The core conflict in one experiment: the same number of tasks, each either waiting (a timer,
 * like a network reply) or computing (a busy loop), run one after another and all at once on the
 * event loop. Waiting overlaps; computing does not.
 */
import { measure } from './timing';

/** Resolve after `ms` milliseconds without using the CPU: a stand-in for waiting on I/O. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keep this thread busy for `ms` milliseconds: a stand-in for computing. Returns the loop count. */
export function spinFor(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

/** One row of `compareWaitingAndComputing`. */
export interface ConflictRow {
  work: 'waiting' | 'computing';
  schedule: 'one after another' | 'all at once';
  wallMs: number;
}

/**
 * Run `taskCount` tasks of `taskMs` each, waiting or computing, sequentially and with `Promise.all`.
 * @example const rows = await compareWaitingAndComputing({ taskCount: 10, taskMs: 50 });
 */
export async function compareWaitingAndComputing({ taskCount = 10, taskMs = 50 } = {}): Promise<ConflictRow[]> {
  if (!Number.isInteger(taskCount) || taskCount < 1) throw new RangeError('Expected `taskCount` to be a whole number from 1 up');
  if (!(taskMs > 0)) throw new RangeError('Expected `taskMs` to be a positive number of milliseconds');
  const tasks = {
    waiting: () => sleep(taskMs),
    computing: async () => { spinFor(taskMs); },
  };
  const rows: ConflictRow[] = [];
  for (const work of ['waiting', 'computing'] as const) {
    const task = tasks[work];
    const sequential = await measure(async () => { for (let i = 0; i < taskCount; i++) await task(); });
    rows.push({ work, schedule: 'one after another', wallMs: sequential.ms });
    const concurrent = await measure(() => Promise.all(Array.from({ length: taskCount }, task)));
    rows.push({ work, schedule: 'all at once', wallMs: concurrent.ms });
  }
  return rows;
}

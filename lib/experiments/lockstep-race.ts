/**
 * A lost update by construction: two worker threads increment one shared counter in a schedule forced
 * by flags in shared memory, so the outcome does not depend on the threads getting two cores or on
 * timing. Without a lock every round loses one update; with a SharedMutex none does.
 */
import { Worker } from 'node:worker_threads';
import { checkOneOf } from '../check-choice';
import { checkMs, checkWhole } from '../check-range';
import { workerFile } from '../files';
import { LOCKSTEP_CELL_COUNT, type LockstepJob } from '../sync/shared-counter-layout';
import type { RaceResult } from './async-race';

/** The modes `lockstepCounterRace` runs: no lock, or a SharedMutex around each read → write. */
const LOCKSTEP_MODES: readonly LockstepJob['mode'][] = ['plain', 'mutex'];

/**
 * Run `rounds` forced interleavings of read → (the other thread reads and writes) → write.
 * Without a lock the first thread waits each round until the second has written; holding the lock, it
 * waits `slipInMs` for a thread that cannot get in: that bounds the locked mode's time, never its outcome.
 * @example await lockstepCounterRace({ mode: 'plain', rounds: 10 }) // { expected: 20, actual: 10, lost: 10, … }
 */
export async function lockstepCounterRace({
  mode,
  rounds = 10,
  slipInMs = 5,
}: {
  mode: LockstepJob['mode'];
  rounds?: number;
  slipInMs?: number;
}): Promise<RaceResult> {
  checkOneOf('mode', mode, LOCKSTEP_MODES);
  // Forced interleavings, each a few cross-thread hand-offs: not timed rounds.
  checkWhole('rounds', rounds, { min: 1, max: 10_000 });
  checkMs('slipInMs', slipInMs, { min: 0, max: 1000 });
  const buffer = new SharedArrayBuffer(LOCKSTEP_CELL_COUNT * Int32Array.BYTES_PER_ELEMENT);
  const started = performance.now();
  const threads = ([0, 1] as const).map(
    (role) =>
      new Worker(workerFile('lockstep-counter'), {
        workerData: { buffer, role, rounds, mode, slipInMs } satisfies LockstepJob,
      }),
  );
  // Nothing hangs: a schedule that never completes (a bug, or a thread that died silently) becomes an error.
  const limitMs = 10_000 + rounds * (slipInMs + 50);
  let watchdog: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    watchdog = setTimeout(() => reject(new Error(`the lockstep race did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([
      stuck,
      Promise.all(
        threads.map(
          (thread) =>
            new Promise<void>((resolve, reject) => {
              thread.once('message', () => resolve());
              thread.once('error', reject);
              // Its 'done' can arrive just after a clean exit.
              thread.once('exit', (code) =>
                code === 0 ? resolve() : reject(new Error(`lockstep worker exited with code ${code} before finishing`)),
              );
            }),
        ),
      ),
    ]);
    const expected = 2 * rounds;
    const actual = Atomics.load(new Int32Array(buffer), 0);
    return { expected, actual, lost: expected - actual, ms: performance.now() - started };
  } finally {
    clearTimeout(watchdog);
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

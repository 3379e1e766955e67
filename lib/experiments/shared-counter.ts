/**
 * Races across threads: worker threads add to one counter in a SharedArrayBuffer — the analogue of
 * `multiprocessing.Value`. `plain` read-add-write loses updates when threads run at once;
 * `atomics` (Atomics.add) and `mutex` (a SharedMutex) lose none, at a price per increment.
 */
import { Worker } from 'node:worker_threads';
import { checkOneOf } from '../check-choice';
import { checkWhole } from '../check-range';
import { LIMITS } from '../limits';
import type { RaceResult } from './async-race';
import {
  CELL,
  CELL_COUNT,
  type CounterJob,
  SHARED_COUNTER_MODES,
  type SharedCounterMode,
} from '../sync/shared-counter-layout';
import { workerFile } from '../files';
import { checkRuns, median } from '../measure/timing';
import type { ProgressCallback } from '../progress';

export { SHARED_COUNTER_MODES } from '../sync/shared-counter-layout';
export type { SharedCounterMode } from '../sync/shared-counter-layout';

export interface SharedRaceResult extends RaceResult {
  mode: SharedCounterMode;
  workers: number;
  /** Wall time per increment, all workers together. */
  nsPerIncrement: number;
}

/**
 * Run `workers` threads that each add `increments` to a shared counter, released together by a start
 * barrier; the time runs from the first worker's start to the last one's end.
 * @example await sharedCounterRace({ workers: 2, increments: 1_000_000, mode: 'plain' }) // lost > 0
 */
export async function sharedCounterRace({
  workers = 2,
  increments = 1_000_000,
  mode,
  batch = 1,
}: {
  workers?: number;
  increments?: number;
  mode: SharedCounterMode;
  batch?: number;
}): Promise<SharedRaceResult> {
  checkWhole('workers', workers, LIMITS.workers);
  if (!Number.isInteger(increments) || increments < 1 || increments * workers > 2 ** 31 - 1)
    throw new RangeError(
      `Expected \`increments\` to be a whole number from 1 up, workers × increments below 2^31, got ${increments}`,
    );
  checkOneOf('mode', mode, SHARED_COUNTER_MODES);
  checkWhole('batch', batch, { min: 1 });
  if (mode === 'plain' && batch !== 1) throw new RangeError('`batch` applies to the atomics and mutex modes only');
  const buffer = new SharedArrayBuffer(CELL_COUNT * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(buffer);
  const spans = new SharedArrayBuffer(2 * workers * Float64Array.BYTES_PER_ELEMENT);
  const threads = Array.from(
    { length: workers },
    (_, slot) =>
      new Worker(workerFile('counter-worker'), {
        workerData: { buffer, increments, mode, batch, spans, slot } satisfies CounterJob,
      }),
  );
  try {
    const failed = new Promise<never>((_, reject) =>
      threads.forEach((thread) => {
        thread.once('error', reject);
        thread.once('exit', (code) => {
          if (code !== 0) reject(new Error(`counter worker exited with code ${code} before finishing`));
        });
      }),
    );
    failed.catch(() => {});
    // A worker that ran to its end exits with 0; its 'done' may arrive just after that exit.
    const said = (word: string) =>
      Promise.all(
        threads.map(
          (thread) =>
            new Promise<void>((resolve) => {
              const listen = (message: string) => {
                if (message === word) {
                  thread.off('message', listen);
                  resolve();
                }
              };
              thread.on('message', listen);
              thread.once('exit', (code) => {
                if (code === 0) resolve();
              });
            }),
        ),
      );
    const ready = said('ready');
    const finished = said('done');
    await Promise.race([ready, failed]);
    Atomics.store(cells, CELL.go, 1);
    Atomics.notify(cells, CELL.go);
    await Promise.race([finished, failed]);
    // From the first worker's start to the last one's end, by their clocks.
    const times = new Float64Array(spans);
    const ms =
      Math.max(...threads.map((_, slot) => times[2 * slot + 1])) -
      Math.min(...threads.map((_, slot) => times[2 * slot]));
    const expected = workers * increments;
    const actual = Atomics.load(cells, CELL.counter);
    return { mode, workers, expected, actual, lost: expected - actual, ms, nsPerIncrement: (ms * 1e6) / expected };
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

/** One row of `compareCounterModes`: a mode over several runs. */
export interface CounterModeRow {
  mode: SharedCounterMode;
  'runs that lost updates': string;
  'median lost (%)': number;
  'ns per increment': number;
}

/**
 * `sharedCounterRace` `runs` times in each mode: how often and how much each loses, and its cost.
 * @example const rows = await compareCounterModes({ workers: 2, increments: 1_000_000, runs: 5 });
 */
export async function compareCounterModes({
  workers,
  increments,
  runs,
  modes = [...SHARED_COUNTER_MODES],
  onProgress,
}: {
  workers: number;
  increments: number;
  runs: number;
  modes?: SharedCounterMode[];
  onProgress?: ProgressCallback;
}): Promise<CounterModeRow[]> {
  checkRuns(runs);
  const rows: CounterModeRow[] = [];
  for (const mode of modes) {
    const results: SharedRaceResult[] = [];
    for (let run = 0; run < runs; run++) results.push(await sharedCounterRace({ workers, increments, mode }));
    rows.push({
      mode,
      'runs that lost updates': `${results.filter((result) => result.lost > 0).length} of ${runs}`,
      'median lost (%)': median(results.map((result) => (100 * result.lost) / result.expected)),
      'ns per increment': median(results.map((result) => result.nsPerIncrement)),
    });
    onProgress?.(rows.length, modes.length);
  }
  return rows;
}

/**
 * The guide's warning about `multiprocessing.Value`, measured: worker threads adding to one counter
 * in shared memory, synchronizing once per item or once per batch, against one thread that counts
 * alone and publishes once.
 */
import { median } from '../measure/timing';
import type { ProgressCallback } from '../progress';
import { sharedCounterRace } from './shared-counter';

/** One row of `batchSweep`: a mode at a batch size, medians of three runs. */
export interface BatchRow {
  mode: 'atomics' | 'mutex';
  batch: number;
  'lost (worst run)': number;
  ms: number;
  /** The fastest and slowest of the three runs. */
  minMs: number;
  maxMs: number;
  'speedup over one thread': number;
}

/**
 * Median time of three runs (single runs of a few milliseconds vary with JIT and scheduling), their
 * spread, and the worst loss.
 */
async function medianOfThree(
  run: () => Promise<{ ms: number; lost: number }>,
): Promise<{ ms: number; minMs: number; maxMs: number; lost: number }> {
  const results = [await run(), await run(), await run()];
  const times = results.map((result) => result.ms);
  return {
    ms: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    lost: Math.max(...results.map((result) => result.lost)),
  };
}

/**
 * `workers` threads each add `increments` to one shared counter, publishing every `batch` increments
 * through Atomics or a shared lock, for each batch size; the baseline is one thread that counts all
 * of it locally and publishes once.
 * @example const { aloneMs, rows } =
 *   await batchSweep({ workers: 2, increments: 10_000_000, batches: [1, 100, 10_000] });
 */
export async function batchSweep({
  workers,
  increments,
  batches,
  onProgress,
}: {
  workers: number;
  increments: number;
  batches: number[];
  onProgress?: ProgressCallback;
}): Promise<{ aloneMs: number; rows: BatchRow[] }> {
  const total = workers * increments;
  const alone = await medianOfThree(() =>
    sharedCounterRace({ workers: 1, increments: total, mode: 'atomics', batch: total }),
  );
  const rows: BatchRow[] = [];
  for (const [index, batch] of batches.entries()) {
    for (const mode of ['atomics', 'mutex'] as const) {
      const result = await medianOfThree(() => sharedCounterRace({ workers, increments, mode, batch }));
      rows.push({
        mode,
        batch,
        'lost (worst run)': result.lost,
        ms: result.ms,
        minMs: result.minMs,
        maxMs: result.maxMs,
        'speedup over one thread': alone.ms / result.ms,
      });
    }
    onProgress?.(index + 1, batches.length);
  }
  return { aloneMs: alone.ms, rows };
}

/** The CPU-bound section's experiments on worker threads: one lib call each. */
import { availableParallelism } from 'node:os';
import { parallelMap } from './parallel-map';
import type { ProgressCallback } from './progress';
import { sumOfSquares } from './sum-of-squares';
import { measure, medianOf } from './timing';
import { createWorkerPool } from './worker-pool';

/** The guide's numbers: `count` consecutive values from `start` (10_000_000 + x for x in range(20)). */
export function guideNumbers(count = 20, start = 10_000_000): number[] {
  return Array.from({ length: count }, (_, index) => start + index);
}

/**
 * The workload on this thread, on warmed code: one untimed pass (so the JIT has compiled the loop),
 * then the median of `runs` timed passes.
 */
export async function timeSequential(numbers: readonly number[], runs = 1): Promise<{ ms: number; results: bigint[] }> {
  numbers.forEach((n) => sumOfSquares(n));
  const { ms, results } = await medianOf(runs, () => numbers.map((n) => sumOfSquares(n)));
  return { ms, results: results[0] };
}

/**
 * `parallelMap` of the workload on a pool started for it: its start-up, one untimed warm-up map, then
 * the median of `runs` maps on the started pool. The pool is terminated afterwards.
 */
export async function timeOnStartedPool(numbers: readonly number[], { workers, runs = 1, chunkSize, onProgress }: { workers: number; runs?: number; chunkSize?: number; onProgress?: ProgressCallback }): Promise<{ startMs: number; ms: number; results: bigint[] }> {
  const pool = await createWorkerPool({ workers });
  try {
    await parallelMap(numbers, 'sumOfSquares', { pool, chunkSize });
    const { ms, results } = await medianOf(runs, () => parallelMap(numbers, 'sumOfSquares', { pool, chunkSize, onProgress }));
    return { startMs: pool.startMs, ms, results: results[0] };
  } finally {
    await pool.terminate();
  }
}

export interface SpeedupRow {
  workers: number;
  /** Pool start-up: spawning the threads and loading their code. */
  startMs: number;
  /** The map on the started pool (median of `runs`). */
  parallelMs: number;
  sequentialMs: number;
  speedup: number;
  /** What perfect scaling would give on this machine: min(workers, cores). */
  idealSpeedup: number;
}

/**
 * Speedup of `parallelMap` over the sequential loop for each worker count (one pool per count, one
 * warm-up map, then the median of `runs` maps).
 * @example const rows = await speedupSweep({ numbers: guideNumbers(), workerCounts: [1, 2, 3, 4] });
 */
export async function speedupSweep({ numbers, workerCounts, runs = 3, onProgress }: { numbers: number[]; workerCounts: number[]; runs?: number; onProgress?: ProgressCallback }): Promise<SpeedupRow[]> {
  const cores = availableParallelism();
  const baseline = (await timeSequential(numbers, runs)).ms;
  const rows: SpeedupRow[] = [];
  for (const [index, workers] of workerCounts.entries()) {
    const { startMs, ms: parallelMs } = await timeOnStartedPool(numbers, { workers, runs });
    rows.push({ workers, startMs, parallelMs, sequentialMs: baseline, speedup: baseline / parallelMs, idealSpeedup: Math.min(workers, cores) });
    onProgress?.(index + 1, workerCounts.length);
  }
  return rows;
}

/**
 * Amdahl's law fitted to measured speedups: the serial fraction s in S(p) = 1 / (s + (1 - s) / p),
 * by least squares on 1/S - 1/p = s (1 - 1/p), where p = min(workers, cores): workers past the
 * core count only take turns. Rows with p = 1 carry no information about s.
 */
export function amdahlSerialFraction(rows: readonly { workers: number; speedup: number }[], cores = availableParallelism()): number {
  let numerator = 0;
  let denominator = 0;
  for (const { workers, speedup } of rows) {
    const p = Math.min(workers, cores);
    if (p <= 1) continue;
    const x = 1 - 1 / p;
    numerator += x * (1 / speedup - 1 / p);
    denominator += x * x;
  }
  if (denominator === 0) throw new RangeError('Expected at least one row with more than one worker on more than one core to fit Amdahl\'s law');
  return Math.min(1, Math.max(0, numerator / denominator));
}

/** Amdahl's predicted speedup for `workers` with serial fraction `serial`, capped by the cores. */
export function amdahlSpeedup(serial: number, workers: number, cores = availableParallelism()): number {
  const p = Math.min(workers, cores);
  return 1 / (serial + (1 - serial) / p);
}

export interface GranularityRow {
  /** n of each sumOfSquares(n) task. */
  n: number;
  taskMs: number;
  sequentialMs: number;
  /** Including pool start-up, as a script that starts a pool for one map pays it. */
  withStartMs: number;
  /** The map alone, on a started pool. */
  onStartedPoolMs: number;
  speedupWithStart: number;
  speedupOnStartedPool: number;
}

/**
 * Speedup against task size: `itemCount` tasks of sumOfSquares(n) for each n, on `workers` threads.
 * Small tasks drown in start-up and per-task cost; large ones approach the core count.
 */
export async function granularitySweep({ sizes, itemCount = 20, workers = availableParallelism(), onProgress }: { sizes: number[]; itemCount?: number; workers?: number; onProgress?: ProgressCallback }): Promise<GranularityRow[]> {
  const rows: GranularityRow[] = [];
  for (const [index, n] of sizes.entries()) {
    const numbers = guideNumbers(itemCount, n);
    const sequential = (await timeSequential(numbers, 3)).ms;
    const started = performance.now();
    const pool = await createWorkerPool({ workers });
    try {
      await parallelMap(numbers, 'sumOfSquares', { pool });
      const withStartMs = performance.now() - started;
      const onStartedPoolMs = (await measure(() => parallelMap(numbers, 'sumOfSquares', { pool }))).ms;
      rows.push({ n, taskMs: sequential / itemCount, sequentialMs: sequential, withStartMs, onStartedPoolMs, speedupWithStart: sequential / withStartMs, speedupOnStartedPool: sequential / onStartedPoolMs });
    } finally {
      await pool.terminate();
    }
    onProgress?.(index + 1, sizes.length);
  }
  return rows;
}

/** Resident memory of this process with a pool of each size started (the guide's "each process clones memory"). */
export async function memoryPerWorker(workerCounts: number[]): Promise<{ workers: number; rssMiB: number; growthMiB: number }[]> {
  const mib = () => process.memoryUsage().rss / 2 ** 20;
  const baseline = mib();
  const rows = [];
  for (const workers of workerCounts) {
    const pool = await createWorkerPool({ workers });
    try {
      await parallelMap(guideNumbers(workers, 1000), 'sumOfSquares', { pool, chunkSize: 1 });
      const rssMiB = mib();
      rows.push({ workers, rssMiB, growthMiB: rssMiB - baseline });
    } finally {
      await pool.terminate();
    }
  }
  return rows;
}

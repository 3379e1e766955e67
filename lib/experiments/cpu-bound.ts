/** The CPU-bound section's experiments on worker threads: one lib call each. */
import { availableParallelism } from 'node:os';
import { parallelMap } from '../cpu/parallel-map';
import type { ProgressCallback } from '../progress';
import { sumOfSquares } from '../workloads/sum-of-squares';
import { checkRuns, measure, medianOf } from '../measure/timing';
import { usingPool, withWorkerPool, WorkerPool } from '../cpu/worker-pool';
import { createPool, PoolKind } from '../cpu/pool-kind';
import { rssMiB } from '../measure/memory';

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
 * the median of `runs` maps on the started pool. The pool — threads, or processes with `kind`, or what `start` starts — is terminated afterwards.
 */
export async function timeOnStartedPool(numbers: readonly number[], { workers, runs = 1, chunkSize, onProgress, kind = 'threads', start }: { workers: number; runs?: number; chunkSize?: number; onProgress?: ProgressCallback; kind?: PoolKind; start?: () => Promise<WorkerPool> }): Promise<{ startMs: number; ms: number; minMs: number; maxMs: number; results: bigint[] }> {
  return usingPool(start ? start() : createPool(kind, { workers }), async (pool) => {
    await parallelMap(numbers, 'sumOfSquares', { pool, chunkSize });
    const { ms, minMs, maxMs, results } = await medianOf(runs, () => parallelMap(numbers, 'sumOfSquares', { pool, chunkSize, onProgress }));
    return { startMs: pool.startMs, ms, minMs, maxMs, results: results[0] };
  });
}

/** Where a parallel map's time goes, from a fresh pool to a warm one (see `coldAndWarmMaps`). */
export interface MapPhases {
  sequentialMs: number;
  /** Spawning the threads and loading their code. */
  startMs: number;
  /** The first map on the fresh pool: each isolate runs the loop before its JIT has compiled it. */
  firstMapMs: number;
  /** Later maps on the same pool (median of `runs`): compiled code. */
  warmMapMs: number;
  /** The warm maps' exact results, in input order. */
  results: bigint[];
  /** The same number of items through the pool with no work (`echo`): messaging and scheduling alone. */
  overheadMs: number;
  /** What perfect scaling of the warm map would give: sequential ÷ min(workers, cores). */
  idealMs: number;
}

/**
 * The guide's map on a fresh pool, phase by phase: start-up, the first (cold) map, warm maps, and the
 * pool's own cost per map — so a reader sees why a one-off map on a new pool falls short of the cores.
 * @example const phases = await coldAndWarmMaps({ numbers: guideNumbers(), workers: 2 });
 */
export async function coldAndWarmMaps({ numbers, workers, runs = 3 }: { numbers: readonly number[]; workers: number; runs?: number }): Promise<MapPhases> {
  const sequentialMs = (await timeSequential(numbers, runs)).ms;
  return withWorkerPool({ workers }, async (pool) => {
    const firstMapMs = (await measure(() => parallelMap(numbers, 'sumOfSquares', { pool }))).ms;
    const warm = await medianOf(runs, () => parallelMap(numbers, 'sumOfSquares', { pool }));
    const overheadMs = (await medianOf(runs, () => parallelMap(numbers.map(() => 0), 'echo', { pool }))).ms;
    return { sequentialMs, startMs: pool.startMs, firstMapMs, warmMapMs: warm.ms, results: warm.results[0], overheadMs, idealMs: sequentialMs / Math.min(workers, availableParallelism()) };
  });
}

export interface SpeedupRow {
  workers: number;
  /** Pool start-up: spawning the threads and loading their code. */
  startMs: number;
  /** The map on the started pool (median of `runs`). */
  parallelMs: number;
  sequentialMs: number;
  speedup: number;
  /** The speedup of the slowest and the fastest of the `runs` maps: the spread around the median. */
  slowestSpeedup: number;
  fastestSpeedup: number;
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
    const { startMs, ms: parallelMs, minMs, maxMs } = await timeOnStartedPool(numbers, { workers, runs });
    rows.push({ workers, startMs, parallelMs, sequentialMs: baseline, speedup: baseline / parallelMs, slowestSpeedup: baseline / maxMs, fastestSpeedup: baseline / minMs, idealSpeedup: Math.min(workers, cores) });
    onProgress?.(index + 1, workerCounts.length);
  }
  return rows;
}

export interface GranularityRow {
  /** n of each sumOfSquares(n) task. */
  n: number;
  taskMs: number;
  sequentialMs: number;
  /** Including pool start-up, as a script that starts a pool for one map pays it: median of `runs` fresh pools. */
  withStartMs: number;
  /** The map alone, on a started pool: median of `runs` maps. */
  onStartedPoolMs: number;
  speedupWithStart: number;
  speedupOnStartedPool: number;
  /** The median sequential time over the slowest and the fastest run of each. */
  slowestSpeedupWithStart: number;
  fastestSpeedupWithStart: number;
  slowestSpeedupOnStartedPool: number;
  fastestSpeedupOnStartedPool: number;
}

/**
 * Speedup against task size: `itemCount` tasks of sumOfSquares(n) for each n, on `workers` threads,
 * each way `runs` times. Small tasks drown in start-up and per-task cost; large ones approach the core count.
 */
export async function granularitySweep({ sizes, itemCount = 20, workers = availableParallelism(), runs = 3, onProgress }: { sizes: number[]; itemCount?: number; workers?: number; runs?: number; onProgress?: ProgressCallback }): Promise<GranularityRow[]> {
  checkRuns(runs);
  const rows: GranularityRow[] = [];
  for (const [index, n] of sizes.entries()) {
    const numbers = guideNumbers(itemCount, n);
    const sequential = (await timeSequential(numbers, runs)).ms;
    const withStart = await medianOf(runs, () => withWorkerPool({ workers }, (pool) => parallelMap(numbers, 'sumOfSquares', { pool })));
    const onStartedPool = await withWorkerPool({ workers }, async (pool) => {
      await parallelMap(numbers, 'sumOfSquares', { pool });
      return medianOf(runs, () => parallelMap(numbers, 'sumOfSquares', { pool }));
    });
    rows.push({
      n,
      taskMs: sequential / itemCount,
      sequentialMs: sequential,
      withStartMs: withStart.ms,
      onStartedPoolMs: onStartedPool.ms,
      speedupWithStart: sequential / withStart.ms,
      speedupOnStartedPool: sequential / onStartedPool.ms,
      slowestSpeedupWithStart: sequential / withStart.maxMs,
      fastestSpeedupWithStart: sequential / withStart.minMs,
      slowestSpeedupOnStartedPool: sequential / onStartedPool.maxMs,
      fastestSpeedupOnStartedPool: sequential / onStartedPool.minMs,
    });
    onProgress?.(index + 1, sizes.length);
  }
  return rows;
}

/** Resident memory of this process with a pool of each size started (the guide's "each process clones memory"). */
export async function memoryPerWorker(workerCounts: number[]): Promise<{ workers: number; rssMiB: number; growthMiB: number }[]> {
  const baseline = rssMiB();
  const rows: { workers: number; rssMiB: number; growthMiB: number }[] = [];
  for (const workers of workerCounts) {
    await withWorkerPool({ workers }, async (pool) => {
      await parallelMap(guideNumbers(workers, 1000), 'sumOfSquares', { pool, chunkSize: 1 });
      const heldMiB = rssMiB();
      rows.push({ workers, rssMiB: heldMiB, growthMiB: heldMiB - baseline });
    });
  }
  return rows;
}

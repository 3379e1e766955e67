/** The CPU-bound section's experiments on worker threads: one lib call each. */
import { parallelMap } from '../cpu/parallel-map';
import { defaultWorkerCount } from '../limits';
import type { ProgressCallback } from '../progress';
import { sumOfSquares } from '../workloads/sum-of-squares';
import { checkRuns, measure, median, medianOf } from '../measure/timing';
import { usingPool, withWorkerPool, type WorkerPool } from '../cpu/worker-pool';
import { createPool, type PoolKind } from '../cpu/pool-kind';

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
 * the median of `runs` maps on the started pool. The pool — threads, or processes with `kind`, or
 * what `start` starts — is terminated afterwards.
 */
export async function timeOnStartedPool(
  numbers: readonly number[],
  {
    workers,
    runs = 1,
    chunkSize,
    onProgress,
    kind = 'threads',
    start,
  }: {
    workers: number;
    runs?: number;
    chunkSize?: number;
    onProgress?: ProgressCallback;
    kind?: PoolKind;
    start?: () => Promise<WorkerPool>;
  },
): Promise<{ startMs: number; ms: number; minMs: number; maxMs: number; results: bigint[] }> {
  return usingPool(start ? start() : createPool(kind, { workers }), async (pool) => {
    await parallelMap(numbers, 'sumOfSquares', { pool, chunkSize });
    const { ms, minMs, maxMs, results } = await medianOf(runs, () =>
      parallelMap(numbers, 'sumOfSquares', { pool, chunkSize, onProgress }),
    );
    return { startMs: pool.startMs, ms, minMs, maxMs, results: results[0] };
  });
}

/** One kind of pool's share of `mapOnEachKind`. */
export interface KindMapRow {
  kind: PoolKind;
  startMs: number;
  /** The map on the started pool: median of the rounds, fastest and slowest. */
  ms: number;
  minMs: number;
  maxMs: number;
  results: bigint[];
}

/**
 * The same map on a started pool of each kind, the kinds taking turns round by round (threads,
 * processes, threads, …), so that a busy moment of the machine falls on both alike. Each pool is
 * started, warmed by one map, and terminated at the end, also on errors.
 * @example const [threads, processes] = await mapOnEachKind(guideNumbers(20, 15_000_000), { workers: 2 });
 */
export async function mapOnEachKind(
  numbers: readonly number[],
  {
    workers,
    runs = 3,
    kinds = ['threads', 'processes'],
  }: { workers: number; runs?: number; kinds?: readonly PoolKind[] },
): Promise<KindMapRow[]> {
  checkRuns(runs, 100);
  const pools: WorkerPool[] = [];
  try {
    for (const kind of kinds) {
      pools.push(await createPool(kind, { workers }));
      await parallelMap(numbers, 'sumOfSquares', { pool: pools.at(-1)! });
    }
    const rounds = pools.map(() => [] as { ms: number; result: bigint[] }[]);
    for (let round = 0; round < runs; round++) {
      for (const [index, pool] of pools.entries())
        rounds[index].push(await measure(() => parallelMap(numbers, 'sumOfSquares', { pool })));
    }
    return pools.map((pool, index) => {
      const times = rounds[index].map((run) => run.ms);
      return {
        kind: kinds[index],
        startMs: pool.startMs,
        ms: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        results: rounds[index][0].result,
      };
    });
  } finally {
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}

/** Where a parallel map's time goes, from a fresh pool to a warm one (see `coldAndWarmMaps`). */
export interface MapPhases {
  /** The same map as a plain loop on this thread, warmed (median of `runs`). */
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
}

/**
 * The guide's map on a fresh pool, phase by phase: start-up, the first (cold) map, then `runs` rounds
 * of the plain loop, a warm map and an empty map (`echo`) taking turns, so that a busy moment falls on
 * all three alike — so a reader sees why a one-off map on a new pool falls short of the cores.
 * @example const phases = await coldAndWarmMaps({ numbers: guideNumbers(), workers: 2 });
 */
export async function coldAndWarmMaps({
  numbers,
  workers,
  runs = 3,
}: {
  numbers: readonly number[];
  workers: number;
  runs?: number;
}): Promise<MapPhases> {
  checkRuns(runs, 100);
  numbers.forEach((n) => sumOfSquares(n)); // the loop compiled on this thread before any clock runs
  return withWorkerPool({ workers }, async (pool) => {
    const firstMapMs = (await measure(() => parallelMap(numbers, 'sumOfSquares', { pool }))).ms;
    const rounds: { sequential: number; warm: number; overhead: number }[] = [];
    let results: bigint[] = [];
    for (let round = 0; round < runs; round++) {
      const sequential = (await measure(() => numbers.map((n) => sumOfSquares(n)))).ms;
      const warm = await measure(() => parallelMap(numbers, 'sumOfSquares', { pool }));
      const overhead = (
        await measure(() =>
          parallelMap(
            numbers.map(() => 0),
            'echo',
            { pool },
          ),
        )
      ).ms;
      rounds.push({ sequential, warm: warm.ms, overhead });
      results = warm.result;
    }
    const middle = (key: 'sequential' | 'warm' | 'overhead') => median(rounds.map((round) => round[key]));
    return {
      sequentialMs: middle('sequential'),
      startMs: pool.startMs,
      firstMapMs,
      warmMapMs: middle('warm'),
      results,
      overheadMs: middle('overhead'),
    };
  });
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
  /**
   * Round by round (the loop, a fresh pool and the started pool take turns): the slowest and
   * fastest round's speedup.
   */
  slowestSpeedupWithStart: number;
  fastestSpeedupWithStart: number;
  slowestSpeedupOnStartedPool: number;
  fastestSpeedupOnStartedPool: number;
}

/**
 * Speedup against task size: `itemCount` tasks of sumOfSquares(n) for each n, on `workers` threads,
 * over the plain loop on this thread — what a script that could just loop gains. Each of `runs`
 * rounds runs the loop, a map on a fresh pool (its start-up counted) and a map on a started pool,
 * one after another; speedups are medians of the rounds' ratios. Small tasks drown in start-up and
 * per-task cost; large ones approach the core count.
 */
export async function granularitySweep({
  sizes,
  itemCount = 20,
  workers = defaultWorkerCount(),
  runs = 3,
  onProgress,
}: {
  sizes: number[];
  itemCount?: number;
  workers?: number;
  runs?: number;
  onProgress?: ProgressCallback;
}): Promise<GranularityRow[]> {
  checkRuns(runs);
  const rows: GranularityRow[] = [];
  for (const [index, n] of sizes.entries()) {
    const numbers = guideNumbers(itemCount, n);
    const rounds = await withWorkerPool({ workers }, async (started) => {
      await parallelMap(numbers, 'sumOfSquares', { pool: started });
      numbers.forEach((item) => sumOfSquares(item));
      const taken: { sequential: number; withStart: number; onStartedPool: number }[] = [];
      for (let round = 0; round < runs; round++) {
        taken.push({
          sequential: (await measure(() => numbers.map((item) => sumOfSquares(item)))).ms,
          withStart: (
            await measure(() =>
              withWorkerPool({ workers }, (fresh) => parallelMap(numbers, 'sumOfSquares', { pool: fresh })),
            )
          ).ms,
          onStartedPool: (await measure(() => parallelMap(numbers, 'sumOfSquares', { pool: started }))).ms,
        });
      }
      return taken;
    });
    const withStart = rounds.map((round) => round.sequential / round.withStart);
    const onStartedPool = rounds.map((round) => round.sequential / round.onStartedPool);
    const sequential = median(rounds.map((round) => round.sequential));
    rows.push({
      n,
      taskMs: sequential / itemCount,
      sequentialMs: sequential,
      withStartMs: median(rounds.map((round) => round.withStart)),
      onStartedPoolMs: median(rounds.map((round) => round.onStartedPool)),
      speedupWithStart: median(withStart),
      speedupOnStartedPool: median(onStartedPool),
      slowestSpeedupWithStart: Math.min(...withStart),
      fastestSpeedupWithStart: Math.max(...withStart),
      slowestSpeedupOnStartedPool: Math.min(...onStartedPool),
      fastestSpeedupOnStartedPool: Math.max(...onStartedPool),
    });
    onProgress?.(index + 1, sizes.length);
  }
  return rows;
}

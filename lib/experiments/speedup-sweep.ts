/**
 * Speedup against worker count, measured so that it can be believed: the baseline is the same map on
 * a pool of one worker (the same code, in a worker, in the same rounds), the counts take turns round
 * by round, and where Linux says so, each row tells how long its threads computed and how long they
 * waited for a core — what a shortfall was made of.
 */
import { availableParallelism } from 'node:os';
import { checkWholeList } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import type { WorkerPool } from '../cpu/pool';
import { createPool, type PoolKindName, poolKind } from '../cpu/pool-kind';
import { LIMITS } from '../limits';
import type { ProgressCallback } from '../progress';
import { checkRuns, measure, median } from '../measure/timing';
import { threadTimes, threadTimesSince } from '../measure/thread-times';
import { sumOfSquares } from '../workloads/sum-of-squares';

export interface SpeedupRow {
  workers: number;
  /** Pool start-up: spawning the threads and loading their code. */
  startMs: number;
  /** The map on the started pool: the median of the rounds, and the fastest and slowest. */
  parallelMs: number;
  minMs: number;
  maxMs: number;
  /** The baseline: the same map on a pool of one worker, median of the same rounds. */
  oneWorkerMs: number;
  /** One worker's time over this row's, round by round: the median round, the slowest and the fastest. */
  speedup: number;
  slowestSpeedup: number;
  fastestSpeedup: number;
  /** What perfect scaling would give this map on this machine: `idealSpeedup(items, workers, cores)`. */
  idealSpeedup: number;
  /**
   * CPU time of all of this process's threads during the map, and the time they were runnable but
   * waited for a core (median rounds; Linux's schedstat, null elsewhere, and null for pools whose
   * workers are other processes). With no more workers than
   * cores, waiting means another thread had the core, most likely another program's; past the cores,
   * the workers take turns.
   */
  cpuMs: number | null;
  coreWaitMs: number | null;
}

/** What `speedupSweep` returns: a row per worker count and the same map on this thread, for reference. */
export interface SpeedupSweep {
  rows: SpeedupRow[];
  /** The same map as a plain loop on this (main) thread, median of the rounds: not the baseline. */
  mainThreadMs: number;
  rounds: number;
}

/**
 * Worker counts worth sweeping on `cores` cores: every count up to twice the cores on a small
 * machine, else doubling counts plus the cores and twice the cores (1, 2, 4, 8, 12, 16, 24 on 12),
 * none above `LIMITS.workers`.
 * @example defaultWorkerCounts(2) // [1, 2, 3, 4]
 */
export function defaultWorkerCounts(cores: number = availableParallelism()): number[] {
  if (cores <= 4) return Array.from({ length: 2 * cores }, (_, index) => index + 1);
  const counts = new Set<number>();
  for (let count = 1; count < 2 * cores; count *= 2) counts.add(count);
  return [...counts, cores, 2 * cores]
    .filter((count, index, all) => all.indexOf(count) === index && count <= LIMITS.workers.max)
    .sort((a, b) => a - b);
}

/** The most threads `speedupSweep` keeps started at once: every count's pool lives through all rounds. */
export const MAX_SWEEP_THREADS = 512;

/**
 * Speedup of `parallelMap` against worker count, over a pool of one worker running the same map:
 * the baseline runs the same code, in a worker, in the same rounds. Every count gets a started,
 * warmed pool; then each of `runs` rounds runs the plain loop on this thread and the map on every
 * pool, one after another (1, 2, 3, 4 workers, then again), so a busy moment of the machine falls on
 * one round of every row rather than on all rounds of one row. Rows are medians of the rounds. `kind`
 * picks the pool (threads by default; the one-worker baseline is then a pool of that kind too).
 * @example const { rows } = await speedupSweep({ numbers: guideNumbers(20, 30_000_000), workerCounts: [1, 2, 3, 4] });
 */
export async function speedupSweep({
  numbers,
  workerCounts,
  runs = 3,
  kind = 'threads',
  onProgress,
}: {
  numbers: readonly number[];
  workerCounts: readonly number[];
  runs?: number;
  kind?: PoolKindName;
  onProgress?: ProgressCallback;
}): Promise<SpeedupSweep> {
  checkRuns(runs, 100);
  checkWholeList('workerCounts', workerCounts, LIMITS.workers);
  const counts = [...new Set([1, ...workerCounts])];
  const threads = counts.reduce((sum, count) => sum + count, 0);
  if (threads > MAX_SWEEP_THREADS) {
    throw new RangeError(
      `Expected \`workerCounts\` (with the one-worker baseline) to add up to at most ${MAX_SWEEP_THREADS} threads, ` +
        `since every pool stays started through the rounds; got ${threads}`,
    );
  }
  // Only a thread pool's workers are threads of this process, whose times schedstat can add up.
  const onThreads = poolKind(kind) === 'threads';
  const cores = availableParallelism();
  const pools = new Map<number, WorkerPool>();
  try {
    // Started one at a time, so each start-up is timed alone; each warmed by one untimed run of the
    // map the rounds time.
    for (const count of counts) {
      const pool = await createPool(kind, { workers: count });
      pools.set(count, pool);
      await timedMap(numbers, pool, false);
    }
    numbers.forEach((n) => sumOfSquares(n));
    const mainMs: number[] = [];
    const maps = new Map(counts.map((count) => [count, [] as MapRound[]]));
    let done = 0;
    for (let round = 0; round < runs; round++) {
      mainMs.push((await measure(() => numbers.map((n) => sumOfSquares(n)))).ms);
      for (const count of counts) {
        maps.get(count)!.push(await timedMap(numbers, pools.get(count)!, onThreads));
        onProgress?.(++done, runs * counts.length);
      }
    }
    const oneWorker = maps.get(1)!;
    const rows = workerCounts.map((workers) => {
      const own = maps.get(workers)!;
      const times = own.map((map) => map.ms);
      const speedups = own.map((map, round) => oneWorker[round].ms / map.ms);
      return {
        workers,
        startMs: pools.get(workers)!.startMs,
        parallelMs: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        oneWorkerMs: median(oneWorker.map((map) => map.ms)),
        speedup: median(speedups),
        slowestSpeedup: Math.min(...speedups),
        fastestSpeedup: Math.max(...speedups),
        idealSpeedup: idealSpeedup(numbers.length, workers, cores),
        cpuMs: medianOrNull(own.map((map) => map.cpuMs)),
        coreWaitMs: medianOrNull(own.map((map) => map.coreWaitMs)),
      };
    });
    return { rows, mainThreadMs: median(mainMs), rounds: runs };
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.terminate()));
  }
}

interface MapRound {
  ms: number;
  cpuMs: number | null;
  coreWaitMs: number | null;
}

/**
 * The most a map of `items` equal items, handed out one at a time, can gain on `workers` workers
 * over one: the busiest worker computes ⌈items / workers⌉ of them, and no more than `cores` run at
 * once. 20 items on 8 workers: 20 / 3 = 6.67×, not 8×; on 2 cores every count past 1 gives 2×.
 * @example idealSpeedup(20, 8, 8) // 6.666…
 */
export function idealSpeedup(items: number, workers: number, cores: number = availableParallelism()): number {
  if (!Number.isInteger(items) || items < 1)
    throw new RangeError(`Expected \`items\` to be a whole number from 1 up, got ${items}`);
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`Expected \`workers\` to be a whole number from 1 up, got ${workers}`);
  return Math.min(cores, items / Math.ceil(items / workers));
}

/** One map of `numbers` on `pool`: its wall time, and what the process's threads did meanwhile (`onThreads`). */
async function timedMap(numbers: readonly number[], pool: WorkerPool, onThreads: boolean): Promise<MapRound> {
  const before = onThreads ? threadTimes() : null;
  // One number per task: each sum takes milliseconds, against microseconds for its message, and the
  // split is then as even as the count allows (two chunks per worker would give 8 workers 10 chunks of
  // 2: two of them compute four numbers, at most 5×, where one per task allows 6.7×).
  const { ms } = await measure(() => parallelMap(numbers, 'sumOfSquares', { pool, chunkSize: 1 }));
  const spent = before ? threadTimesSince(before) : null;
  return { ms, cpuMs: spent?.cpuMs ?? null, coreWaitMs: spent?.waitMs ?? null };
}

function medianOrNull(values: (number | null)[]): number | null {
  return values.every((value): value is number => value !== null) ? median(values) : null;
}

/**
 * Why a row fell short of its ideal, in words, from its threads' times: waiting for a core means
 * another thread (another program's, or past the cores the pool's own) had it; time neither computing nor
 * waiting means workers were idle — one still on its last chunk while the others had none left.
 * @example shortfallCause(rows[1]) // 'its threads waited 310 ms for a core during a 270 ms map: something else had …'
 */
export function shortfallCause(row: SpeedupRow, cores: number = availableParallelism()): string {
  if (row.cpuMs === null || row.coreWaitMs === null) return 'is another program using the cores?';
  const workerMs = row.workers * row.parallelMs;
  const parallelMs = row.parallelMs.toFixed(0);
  const waited = `its threads waited ${row.coreWaitMs.toFixed(0)} ms for a core during a ${parallelMs} ms map`;
  // Past the cores the pool's own workers take turns; below, some other thread had the core: another
  // program, or, in a map of a few milliseconds, this process's main thread handing out chunks.
  if (row.coreWaitMs > 0.1 * workerMs)
    return row.workers > cores
      ? `${waited}: more workers than cores take turns`
      : `${waited}: something else had the cores, most likely another program`;
  const idleMs = Math.max(0, workerMs - row.cpuMs - row.coreWaitMs);
  return (
    `its ${row.workers} workers computed ${row.cpuMs.toFixed(0)} ms and sat idle about ${idleMs.toFixed(0)} ms ` +
    `of their ${workerMs.toFixed(0)}: uneven chunks, or the pool's own messages`
  );
}

/**
 * What the queue across machines costs and what it buys, measured on this machine: the price of a
 * job beside a thread's and a process's message, where in task size the queue pays off, and a worker
 * killed in the middle of a map.
 */
import { checkMs, checkWhole } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import { POOL_KIND_LABELS, POOL_KINDS, withPool } from '../cpu/pool-kind';
import { killProcessGroup } from '../cpu/worker-lifecycle';
import { LIMITS } from '../limits';
import { measure, median, medianOf } from '../measure/timing';
import { createQueuePool } from '../queue/queue-pool';
import { QUEUE_TIMINGS } from '../queue/timings';
import { sumOfSquares } from '../workloads/sum-of-squares';
import { guideNumbers } from './cpu-bound';
import { runPythonJson } from './python';
import { chosenPython, projectVenvPython } from './python-interpreter';

/** A pool kind as the tables name it (`POOL_KIND_LABELS`). */
export type PoolName = (typeof POOL_KIND_LABELS)[keyof typeof POOL_KIND_LABELS];

export interface PerItemRow {
  pool: PoolName;
  chunks: 'one item per chunk' | 'chunked (two per worker)';
  items: number;
  microsPerItem: number;
}

/**
 * Tiny items (`echo`) through each pool, one item per chunk (a message or a job each) and chunked,
 * on a started pool after one untimed map: the per-item price of each way of handing out work.
 * @example const rows = await perItemCost({ workers: 2 });
 */
export async function perItemCost({
  workers = 2,
  unchunkedItems = 400,
  chunkedItems = 10_000,
} = {}): Promise<PerItemRow[]> {
  const rows: PerItemRow[] = [];
  for (const kind of POOL_KINDS) {
    const pool = POOL_KIND_LABELS[kind];
    await withPool(kind, { workers }, async (started) => {
      for (const [chunks, count, chunkSize] of [
        ['one item per chunk', unchunkedItems, 1],
        ['chunked (two per worker)', chunkedItems, undefined],
      ] as const) {
        const items = Array.from({ length: count }, (_, index) => index);
        await parallelMap(items, 'echo', { pool: started, chunkSize });
        const { ms } = await medianOf(3, () => parallelMap(items, 'echo', { pool: started, chunkSize }));
        rows.push({ pool, chunks, items: count, microsPerItem: (ms * 1000) / count });
      }
    });
  }
  return rows;
}

export interface QueueGranularityRow {
  n: number;
  taskMs: number;
  /** The plain loop over the map's time on each pool, one job per item. */
  speedup: Record<PoolName, number>;
}

/**
 * Speedup against task size with one item per chunk (a job each on the queue): `itemCount` sums of
 * squares from each n, on `workers` of each kind, against the plain loop. The loop and the map take
 * turns, three rounds each, so that both meet the same machine: measured in separate blocks, a
 * moment of load on one side read as a speedup of 4.7 on 2 cores.
 * @example const rows = await queueGranularity({ sizes: [100_000, 10_000_000] });
 */
export async function queueGranularity({
  sizes,
  itemCount = 8,
  workers = 2,
}: {
  sizes: number[];
  itemCount?: number;
  workers?: number;
}): Promise<QueueGranularityRow[]> {
  const rows: QueueGranularityRow[] = sizes.map((n) => ({ n, taskMs: 0, speedup: {} as Record<PoolName, number> }));
  const loopMs = new Map<QueueGranularityRow, number[]>(rows.map((row) => [row, []]));
  for (const kind of POOL_KINDS) {
    await withPool(kind, { workers }, async (started) => {
      for (const row of rows) {
        const numbers = guideNumbers(itemCount, row.n);
        const loopOnce = () => numbers.map((n) => sumOfSquares(n));
        loopOnce();
        await parallelMap(numbers, 'sumOfSquares', { pool: started, chunkSize: 1 });
        const loop: number[] = [];
        const map: number[] = [];
        for (let round = 0; round < 3; round++) {
          loop.push((await measure(loopOnce)).ms);
          map.push((await measure(() => parallelMap(numbers, 'sumOfSquares', { pool: started, chunkSize: 1 }))).ms);
        }
        row.speedup[POOL_KIND_LABELS[kind]] = median(loop) / median(map);
        loopMs.get(row)!.push(...loop);
      }
    });
  }
  for (const row of rows) row.taskMs = median(loopMs.get(row)!) / itemCount;
  return rows;
}

export interface KilledWorkerRun {
  /** When each item's result came back, in ms since the map started, in the order they came. */
  progress: { atMs: number; done: number }[];
  killedAtMs: number;
  totalMs: number;
  items: number;
  /** Every item had its result, and each was the right one. */
  exact: boolean;
  lockMs: number;
}

/**
 * A map of `items` one-job items of `itemMs` each on two queue workers; one worker is killed
 * (SIGKILL) `killAfterMs` in. Its job comes back to the queue when its lock runs out.
 * @example const run = await killedWorkerMap({ items: 12, itemMs: 300 });
 */
export async function killedWorkerMap({ items = 12, itemMs = 300, killAfterMs = 700 } = {}): Promise<KilledWorkerRun> {
  checkWhole('items', items, { ...LIMITS.tasks, min: 2 });
  checkMs('itemMs', itemMs, LIMITS.taskMs);
  const pool = await createQueuePool({ workers: 2 });
  try {
    const progress: { atMs: number; done: number }[] = [];
    const started = performance.now();
    // As a machine dies: the worker and its sandboxed processes at once.
    const killer = setTimeout(() => killProcessGroup(pool.pids[0], 'SIGKILL'), killAfterMs);
    // sleep, not spin: the two workers share two cores with this process and Redis, and a sleep's
    // result is what it was asked, so exactness is checked too.
    const results = await parallelMap(Array(items).fill(itemMs), 'timedSleep', {
      pool,
      chunkSize: 1,
      onProgress: (done) => progress.push({ atMs: performance.now() - started, done }),
    });
    clearTimeout(killer);
    return {
      progress,
      killedAtMs: killAfterMs,
      totalMs: performance.now() - started,
      items,
      exact:
        results.length === items &&
        (results as { startedAt: number; endedAt: number }[]).every(
          (span) => span.endedAt - span.startedAt >= itemMs - 1,
        ),
      lockMs: QUEUE_TIMINGS.lockDuration,
    };
  } finally {
    await pool.terminate();
  }
}

export interface RayTaskCost {
  version: string;
  /** `ray.init()` on this machine: the local cluster's processes starting. */
  startMs: number;
  /** One empty task, submitted with the others at once and gathered by `ray.get` (median of 3). */
  microsPerTask: number;
  minMicros: number;
  maxMicros: number;
  tasks: number;
  workers: number;
}

/**
 * Ray's local cluster, the guide's world's answer to the queue: start-up and the cost of an empty
 * task, measured by the project's `.venv/` Python (`runbook setup --with-ray` installs Ray there), else
 * by the chosen Python.
 * @returns null when neither can import Ray.
 * @example const ray = rayTaskCost({ workers: 2, tasks: 2000 });
 */
export function rayTaskCost({ workers = 2, tasks = 2_000 } = {}): RayTaskCost | null {
  checkWhole('workers', workers, LIMITS.workers);
  checkWhole('tasks', tasks, LIMITS.tasks);
  for (const python of [projectVenvPython(), chosenPython()]) {
    const result = runPythonJson<RayTaskCost | { version: null }>(
      'ray_tasks.py',
      [String(workers), String(tasks)],
      python,
    );
    if (result?.version) return result as RayTaskCost;
  }
  return null;
}

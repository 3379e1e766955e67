/**
 * `parallelMap`: the guide's `Pool.map`. Items go to a pool's workers in chunks (a message each on
 * threads and processes, a job each on the queue), results come back in input order.
 */
import * as path from 'node:path';
import { AbortError, TaskError, TaskNotAllowedError } from '../errors';
import type { ProgressCallback } from '../progress';
import type { PoolTask, WorkerPool } from './pool';
import { createWorkerPool } from './worker-pool';
import type { TaskRef } from './chunk-protocol';
import { describeTask, isTaskAllowed } from './task-permissions';
import type { TaskName, tasks } from './tasks';

type Tasks = typeof tasks;

export interface ParallelMapOptions {
  /** Start a pool of this many workers for this call and terminate it after (default: cores). */
  workers?: number;
  /** Use an already started pool instead; it stays running (its creator terminates it). */
  pool?: WorkerPool;
  /**
   * Items per chunk sent to a worker. Default: two chunks per worker — few enough that the cost of a
   * message (tens of microseconds on threads and processes, a millisecond or more as a queue's job)
   * vanishes, two so that a fast worker can take a slow one's second chunk. Uneven items balance
   * better with smaller chunks: pass one.
   */
  chunkSize?: number;
  /** Aborting drops the waiting chunks and rejects with an AbortError; an owned pool is terminated. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

function checkOptions(options: ParallelMapOptions): void {
  if (options.pool && options.workers !== undefined)
    throw new TypeError('Expected either `workers` or `pool`, not both');
  if (options.chunkSize !== undefined && (!Number.isInteger(options.chunkSize) || options.chunkSize < 1)) {
    throw new RangeError('Expected `chunkSize` to be a whole number from 1 up');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new TypeError('Expected `onProgress` to be a function');
}

/** Two chunks per worker (see `chunkSize`). */
export function defaultChunkSize(itemCount: number, workerCount: number): number {
  return Math.max(1, Math.ceil(itemCount / (workerCount * 2)));
}

/**
 * Map `items` through a task on worker threads (or on `pool`, of any kind); results in input order.
 *
 * The task is *code on disk*, not a closure: a built-in name from `lib/cpu/tasks.ts`
 * (`'sumOfSquares'`, `'spin'`, …) or `{ file, name }` naming an exported function of a compiled
 * `.js` module. Items and results cross threads by structured clone (numbers, strings, bigints,
 * arrays, plain objects, typed arrays — no functions, no class instances).
 *
 * Pitfalls: a task error rejects with a `TaskError` carrying the item's index; a worker that crashes
 * or exits rejects the map whose chunk it ran with a `WorkerCrashError` (the pool replaces the worker,
 * and other maps on it go on). Either way, the map's chunks still running finish on their workers.
 * @example const squares = await parallelMap([10_000_000, 10_000_001], 'sumOfSquares', { workers: 2 });
 */
export async function parallelMap<K extends TaskName>(
  items: readonly Parameters<Tasks[K]>[0][],
  task: K,
  options?: ParallelMapOptions,
): Promise<ReturnType<Tasks[K]>[]>;
export async function parallelMap<R = unknown>(
  items: readonly unknown[],
  task: TaskRef,
  options?: ParallelMapOptions,
): Promise<R[]>;
export async function parallelMap(
  items: readonly unknown[],
  task: TaskRef,
  options: ParallelMapOptions = {},
): Promise<unknown[]> {
  if (!Array.isArray(items)) throw new TypeError('Expected `items` to be an array');
  if (typeof task !== 'string' && !(task && typeof task.file === 'string' && typeof task.name === 'string')) {
    throw new TypeError('Expected `task` to be a task name or { file, name }');
  }
  checkOptions(options);
  // Workers compare module paths exactly: send the absolute one.
  if (typeof task !== 'string') task = { file: path.resolve(task.file), name: task.name };
  // A pool of our own may run the module this call names; a given pool, only what its owner allowed.
  const taskFiles = options.pool?.taskFiles ?? (typeof task === 'string' ? [] : [task.file]);
  if (!isTaskAllowed(task, taskFiles)) {
    throw new TaskNotAllowedError(
      `Task ${describeTask(task)} is not allowed on this pool: it runs the built-in tasks and the task modules it ` +
        `was started with (taskFiles: ${describeTask(taskFiles)}); start it with taskFiles listing the module`,
    );
  }
  const { signal, onProgress } = options;
  if (signal?.aborted) throw AbortError.from(signal);
  if (items.length === 0) return [];
  const pool = options.pool ?? (await createWorkerPool({ workers: options.workers, taskFiles }));
  const ownsPool = !options.pool;
  const chunkSize = options.chunkSize ?? defaultChunkSize(items.length, pool.workerCount);
  const results = new Array<unknown>(items.length);
  const runs: PoolTask[] = [];
  let onAbort: (() => void) | undefined;
  try {
    // One promise for the whole map, settled by its last chunk, its first failure or the abort: a map
    // of 40 000 one-item chunks spent most of its time collecting the garbage of a promise per chunk.
    await new Promise<void>((resolve, reject) => {
      onAbort = () => reject(AbortError.from(signal!));
      // The signal may have fired while the pool was starting: an event that already happened never fires again.
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let remaining = Math.ceil(items.length / chunkSize);
      let done = 0;
      for (let start = 0; start < items.length; start += chunkSize) {
        const chunk = items.slice(start, start + chunkSize);
        // The pool checks each answer against its chunk (`checkOutcome`) before it resolves.
        const run = pool.run(task, chunk);
        runs.push(run);
        run.promise.then((outcome) => {
          try {
            if (!outcome.ok) throw new TaskError(start + outcome.offset, outcome.message, outcome.stack);
            for (let offset = 0; offset < chunk.length; offset++) results[start + offset] = outcome.results[offset];
            done += chunk.length;
            onProgress?.(done, items.length);
            if (--remaining === 0) resolve();
          } catch (error) {
            reject(error);
          }
        }, reject);
      }
    });
    return results;
  } finally {
    // Done, failed or aborted: the map's chunks still waiting are dropped; those running finish on their workers.
    for (const run of runs) run.cancel();
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (ownsPool) await pool.terminate();
  }
}

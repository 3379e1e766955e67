/**
 * `parallelMap`: the guide's `Pool.map` for worker threads. Items go to workers in chunks
 * (threads.js pays about a millisecond per queued task), results come back in input order.
 */
import * as path from 'node:path';
import { AbortError, TaskError, TaskNotAllowedError } from '../errors';
import type { ProgressCallback } from '../progress';
import { createWorkerPool, WorkerPool } from './worker-pool';
import type { TaskRef } from './chunk-protocol';
import { checkOutcome } from './check-outcome';
import { describeTask, isTaskAllowed } from './task-permissions';
import type { TaskName, tasks } from './tasks';

type Tasks = typeof tasks;

export interface ParallelMapOptions {
  /** Start a pool of this many workers for this call and terminate it after (default: cores). */
  workers?: number;
  /** Use an already started pool instead; it stays running (its creator terminates it). */
  pool?: WorkerPool;
  /**
   * Items per task sent to a worker. Default: two chunks per worker — few enough that the pool's
   * per-task cost (≈1 ms in threads.js) vanishes, two so that a fast worker can take a slow one's
   * second chunk. Uneven items balance better with smaller chunks: pass one.
   */
  chunkSize?: number;
  /** Aborting cancels queued chunks and rejects with an AbortError; an owned pool is terminated. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

function checkOptions(options: ParallelMapOptions): void {
  if (options.pool && options.workers !== undefined) throw new TypeError('Expected either `workers` or `pool`, not both');
  if (options.chunkSize !== undefined && (!Number.isInteger(options.chunkSize) || options.chunkSize < 1)) {
    throw new RangeError('Expected `chunkSize` to be a whole number from 1 up');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('Expected `onProgress` to be a function');
}

/** Two chunks per worker (see `chunkSize`). */
export function defaultChunkSize(itemCount: number, workerCount: number): number {
  return Math.max(1, Math.ceil(itemCount / (workerCount * 2)));
}

/**
 * Map `items` through a task on worker threads; results in input order.
 *
 * The task is *code on disk*, not a closure: a built-in name from `lib/cpu/tasks.ts`
 * (`'sumOfSquares'`, `'spin'`, …) or `{ file, name }` naming an exported function of a compiled
 * `.js` module. Items and results cross threads by structured clone (numbers, strings, bigints,
 * arrays, plain objects, typed arrays — no functions, no class instances).
 *
 * Pitfalls: a task error rejects with a `TaskError` carrying the item's index; a worker that crashes
 * or exits rejects with a `WorkerCrashError` (and breaks a shared pool: create a new one).
 * @example const squares = await parallelMap([10_000_000, 10_000_001], 'sumOfSquares', { workers: 2 });
 */
export async function parallelMap<K extends TaskName>(items: readonly Parameters<Tasks[K]>[0][], task: K, options?: ParallelMapOptions): Promise<ReturnType<Tasks[K]>[]>;
export async function parallelMap<R = unknown>(items: readonly unknown[], task: TaskRef, options?: ParallelMapOptions): Promise<R[]>;
export async function parallelMap(items: readonly unknown[], task: TaskRef, options: ParallelMapOptions = {}): Promise<unknown[]> {
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
    throw new TaskNotAllowedError(`Task ${describeTask(task)} is not allowed on this pool: it runs the built-in tasks and the task modules it was started with (taskFiles: ${describeTask(taskFiles)}); start it with taskFiles listing the module`);
  }
  const { signal, onProgress } = options;
  if (signal?.aborted) throw AbortError.from(signal);
  if (items.length === 0) return [];
  const pool = options.pool ?? (await createWorkerPool({ workers: options.workers, taskFiles }));
  const ownsPool = !options.pool;
  const chunkSize = options.chunkSize ?? defaultChunkSize(items.length, pool.workerCount);
  const results = new Array<unknown>(items.length);
  const runs: { promise: Promise<void>; cancel(): void }[] = [];
  let done = 0;
  let onAbort: (() => void) | undefined;
  try {
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => { runs.forEach((run) => run.cancel()); reject(AbortError.from(signal!)); };
      // The signal may have fired while the pool was starting: an event that already happened never fires again.
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    for (let start = 0; start < items.length; start += chunkSize) {
      const chunk = items.slice(start, start + chunkSize);
      const run = pool.run((thread) => thread.runChunk(task, chunk));
      runs.push({
        cancel: run.cancel,
        promise: run.promise.then((answer) => {
          // Checked before it is used: a worker elsewhere (a queue's) may answer anything.
          const outcome = checkOutcome(answer, chunk.length, `a ${pool.kind} worker`);
          if (!outcome.ok) throw new TaskError(start + outcome.offset, outcome.message, outcome.stack);
          outcome.results.forEach((result, offset) => { results[start + offset] = result; });
          done += chunk.length;
          onProgress?.(done, items.length);
        }),
      });
    }
    const all = Promise.all(runs.map((run) => run.promise));
    all.catch(() => {});
    await Promise.race([all, aborted]);
    return results;
  } catch (error) {
    runs.forEach((run) => run.cancel());
    throw error;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (ownsPool) await pool.terminate();
  }
}

/** Choosing a pool by what its workers are: threads of this process, or child processes. */
import { createProcessPool } from './process-pool';
import { createWorkerPool, PoolOptions, usingPool, WorkerPool } from './worker-pool';

export const POOL_KINDS = ['threads', 'processes'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/**
 * Start a pool of `workers` threads or processes.
 * @example const pool = await createPool('processes', { workers: 2 });
 */
export function createPool(kind: PoolKind, options: PoolOptions = {}): Promise<WorkerPool> {
  if (!POOL_KINDS.includes(kind)) return Promise.reject(new RangeError(`Expected a pool kind of ${POOL_KINDS.join(' or ')}, got ${String(kind)}`));
  return kind === 'threads' ? createWorkerPool(options) : createProcessPool(options);
}

/**
 * Run `fn` with a started pool of either kind, terminated afterwards, also when `fn` throws.
 * @example await withPool('processes', { workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withPool<T>(kind: PoolKind, options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createPool(kind, options), fn);
}

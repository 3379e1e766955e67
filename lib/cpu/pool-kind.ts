/**
 * The kinds of pool, one name each, and how each is started: what the CLI's `map --pool`, the bench
 * and the experiments choose from. The queue is loaded only when asked for: BullMQ and ioredis are
 * no concern of a notebook that maps on threads.
 */
import type { QueuePoolOptions } from '../queue/queue-pool';
import { type PoolOptions, usingPool, type WorkerPool } from './pool';
import { createProcessPool } from './process-pool';
import { type PoolKind, type PoolKindName, poolKind } from './pool-kind-names';
import { createWorkerPool } from './worker-pool';

export * from './pool-kind-names';

/** A pool's options, whatever its kind; `redis`, `concurrency`, `attempts` and `queueName` are the queue's alone. */
export type AnyPoolOptions = PoolOptions & QueuePoolOptions;

const QUEUE_ONLY = ['redis', 'concurrency', 'attempts', 'queueName'] as const;

const STARTERS: Record<PoolKind, (options: AnyPoolOptions) => Promise<WorkerPool>> = {
  threads: createWorkerPool,
  processes: createProcessPool,
  queue: (options) => (require('../queue/queue-pool') as typeof import('../queue/queue-pool')).createQueuePool(options),
};

/**
 * Start a pool of the kind `kind` names (see `poolKind`), with that kind's options.
 * @example const pool = await createPool('processes', { workers: 2 });
 * @example const pool = await createPool('queue', { workers: 2, redis: process.env.RUNBOOK_REDIS_URL });
 */
export async function createPool(kind: PoolKindName, options: AnyPoolOptions = {}): Promise<WorkerPool> {
  const resolved = poolKind(kind);
  const misplaced = resolved === 'queue' ? [] : QUEUE_ONLY.filter((name) => options[name] !== undefined);
  if (misplaced.length > 0)
    throw new TypeError(`Expected \`${misplaced[0]}\` only with a queue pool, not with ${resolved}`);
  return STARTERS[resolved](options);
}

/**
 * Run `fn` with a started pool of any kind, terminated afterwards, also when `fn` throws.
 * @example await withPool('processes', { workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withPool<T>(
  kind: PoolKindName,
  options: AnyPoolOptions,
  fn: (pool: WorkerPool) => Promise<T>,
): Promise<T> {
  return usingPool(createPool(kind, options), fn);
}

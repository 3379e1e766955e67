/**
 * The kinds of pool, one name each, and how each is started: what the CLI's `map --pool`, the bench
 * and the experiments choose from. The queue is loaded only when asked for: BullMQ and ioredis are
 * no concern of a notebook that maps on threads.
 */
import type { QueuePoolOptions } from '../queue/queue-pool';
import { type PoolOptions, usingPool, type WorkerPool } from './pool';
import { createProcessPool } from './process-pool';
import { createWorkerPool } from './worker-pool';

export const POOL_KINDS = ['threads', 'processes', 'queue'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/** Other names a kind answers to: `redis`, the CLI's `--pool redis` from before the kinds had one name each. */
export const POOL_KIND_ALIASES = { redis: 'queue' } as const satisfies Record<string, PoolKind>;

/** A kind, or an alias of one. */
export type PoolKindName = PoolKind | keyof typeof POOL_KIND_ALIASES;

/** Every name `poolKind` accepts: the kinds, then their aliases. */
export const POOL_KIND_NAMES: readonly PoolKindName[] = [
  ...POOL_KINDS,
  ...(Object.keys(POOL_KIND_ALIASES) as (keyof typeof POOL_KIND_ALIASES)[]),
];

/** What each kind's workers are, for tables and messages. */
export const POOL_KIND_LABELS = {
  threads: 'worker threads',
  processes: 'child processes',
  queue: 'Redis queue',
} as const satisfies Record<PoolKind, string>;

/** A pool's options, whatever its kind; `redis`, `concurrency`, `attempts` and `queueName` are the queue's alone. */
export type AnyPoolOptions = PoolOptions & QueuePoolOptions;

const QUEUE_ONLY = ['redis', 'concurrency', 'attempts', 'queueName'] as const;

const STARTERS: Record<PoolKind, (options: AnyPoolOptions) => Promise<WorkerPool>> = {
  threads: createWorkerPool,
  processes: createProcessPool,
  queue: (options) => (require('../queue/queue-pool') as typeof import('../queue/queue-pool')).createQueuePool(options),
};

/**
 * The kind a name stands for: a kind itself, or an alias of one (`redis` → `queue`).
 * @throws RangeError naming `kind` and the names it accepts.
 * @example poolKind('redis') // 'queue'
 */
export function poolKind(name: unknown): PoolKind {
  if (typeof name === 'string' && (POOL_KINDS as readonly string[]).includes(name)) return name as PoolKind;
  if (typeof name === 'string' && Object.hasOwn(POOL_KIND_ALIASES, name))
    return POOL_KIND_ALIASES[name as keyof typeof POOL_KIND_ALIASES];
  throw new RangeError(
    `Expected \`kind\` to be a pool kind of ${POOL_KINDS.join(', ')} (or ${Object.keys(POOL_KIND_ALIASES).join(', ')}), got ${String(name)}`,
  );
}

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

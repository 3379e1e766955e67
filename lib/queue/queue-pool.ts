/**
 * Beyond one machine: the pool's queue transport. Each chunk is a job on a BullMQ queue on Redis
 * (`queue-client.ts`); worker processes on any machine that reaches the Redis pull jobs and run them
 * (`queue-worker.ts`, each job in `queue-processor.ts`). A queue worker that dies loses nothing: its
 * job's lock runs out and another worker takes the job (delivery is at least once, so tasks must be
 * idempotent). Without a Redis URL the pool starts Redis itself on 127.0.0.1.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { checkWhole } from '../check-range';
import { compiledFile } from '../files';
import { LIMITS } from '../limits';
import { type PoolTransport, startPool, usingPool, type WorkerPool } from '../cpu/pool';
import { allowTaskFiles, TASK_FILES_ENV } from '../cpu/task-permissions';
import { QueueClient } from './queue-client';
import { checkRedisUrl, REDIS_URL_ENV } from './redis-url';

export interface QueuePoolOptions {
  /**
   * A Redis to use (`redis://:PASSWORD@host:port`, `rediss://` for TLS); default: one started here,
   * stopped with the pool.
   */
  redis?: string;
  /**
   * Compiled task modules the local workers may run besides the built-in tasks (elsewhere:
   * `runbook worker --tasks FILE`).
   */
  taskFiles?: readonly string[];
  /** Local worker processes to start (0: rely on workers started elsewhere with `runbook worker`). */
  workers?: number;
  /** Jobs each local worker runs at once. */
  concurrency?: number;
  /** Tries per job before its chunk fails the map. */
  attempts?: number;
  /** The queue's name: `runbook worker` processes elsewhere listen on `SHARED_QUEUE`, the default. */
  queueName?: string;
}

/** The queue every `runbook worker` listens on. */
export const SHARED_QUEUE = 'runbook-map';

/**
 * Start a queue worker process (`queue-worker.ts`) on the environment that hands it its Redis URL
 * and task modules: a URL holds a password, which a command line would show to every user.
 */
export function forkQueueWorker(
  url: string,
  queueName: string,
  concurrency: number,
  taskFiles: readonly string[],
  options: { detached?: boolean } = {},
): ChildProcess {
  return fork(compiledFile('queue/queue-worker'), [queueName, String(concurrency)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: options.detached ?? false,
    env: { ...process.env, [REDIS_URL_ENV]: url, [TASK_FILES_ENV]: JSON.stringify(taskFiles) },
  });
}

/** A queue on Redis and `workers` local worker processes, as the pool's one worker. */
export function queueTransport({
  redis,
  workers = 2,
  concurrency = 1,
  attempts = 2,
  queueName = SHARED_QUEUE,
  taskFiles: given,
}: QueuePoolOptions = {}): PoolTransport {
  // 0 local workers: rely on `runbook worker` processes started elsewhere.
  checkWhole('workers', workers, { ...LIMITS.workers, min: 0 }, 'local worker processes');
  checkWhole('concurrency', concurrency, { min: 1, max: 64 });
  checkWhole('attempts', attempts, { min: 1, max: 100 });
  if (typeof queueName !== 'string' || queueName === '')
    throw new TypeError(`Expected \`queueName\` to be a non-empty string, got ${String(queueName)}`);
  if (redis !== undefined) checkRedisUrl(redis, 'redis');
  const taskFiles = allowTaskFiles(given);
  return {
    kind: 'queue',
    taskFiles,
    size: 1,
    // What parallelMap sizes its chunks by: the local workers, or one when all run elsewhere.
    workerCount: Math.max(1, workers * concurrency),
    // A process group each: the worker and the sandboxes BullMQ starts for it stop together, as a machine's would.
    start: () =>
      QueueClient.open({
        redis,
        queueName,
        attempts,
        localWorkers: workers,
        forkWorker: (url) => forkQueueWorker(url, queueName, concurrency, taskFiles, { detached: true }),
      }),
  };
}

/**
 * Start a queue pool: a queue on Redis (started here unless `redis` is given) and `workers` local
 * worker processes. Whoever creates it terminates it (`await pool.terminate()`): the local workers,
 * the queue's keys (on an embedded Redis) and an embedded Redis go.
 * @example const pool = await createQueuePool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createQueuePool(options: QueuePoolOptions = {}): Promise<WorkerPool> {
  return startPool(queueTransport(options));
}

/**
 * Run `fn` with a started queue pool that is terminated afterwards, also when `fn` throws.
 * @example await withQueuePool({ workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withQueuePool<T>(options: QueuePoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createQueuePool(options), fn);
}

/**
 * Beyond one machine: the pool contract of `parallelMap` over a BullMQ queue on Redis. Each chunk is a
 * job; worker processes on any machine that reaches the Redis pull jobs and run them. A worker that
 * dies loses nothing: its job's lock runs out and another worker takes the job (delivery is at least
 * once, so tasks must be idempotent). Without a Redis URL the pool starts Redis itself on 127.0.0.1.
 */
import { ChildProcess, fork } from 'node:child_process';
import { Job, Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { WorkerCrashError } from '../errors';
import { workerFile } from '../files';
import { track } from '../running';
import type { ChunkOutcome, ChunkRunner, TaskRef } from '../cpu/chunk-protocol';
import { checkOutcome, failureFrom } from '../cpu/check-outcome';
import { allowTaskFiles, TASK_FILES_ENV } from '../cpu/task-permissions';
import { usingPool, WorkerPool } from '../cpu/worker-pool';
import { decodeResults, encodeChunk } from './chunk-codec';
import { checkRedisUrl, maskRedisUrl, REDIS_URL_ENV } from './redis-url';
import { REDIS_GONE_MS } from './timings';
import { RedisServer, startRedisServer } from './redis-server';

export interface QueuePoolOptions {
  /** A Redis to use (`redis://:PASSWORD@host:port`, `rediss://` for TLS); default: one started here, stopped with the pool. */
  redis?: string;
  /**
   * Compiled task modules the local workers may run, besides the built-in tasks (workers elsewhere
   * allow theirs with `runbook worker --tasks FILE`); a job naming any other module fails unrun.
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
 * Finished jobs stay a minute: `waitUntilFinished` reads a job that finished before it asked, and a
 * job removed at once was reported missing. The pool's queue is removed whole when it terminates.
 */
const KEEP_FINISHED = { removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } } as const;

/**
 * Kill a local queue worker as a machine dies: the worker and its sandboxed processes at once.
 * @param pid one of a queue pool's `pids`
 */
export function killWorkerGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * Start a queue worker process (`lib/workers/queue-worker`) on the environment that hands it its
 * Redis URL and task modules: a URL holds a password, which a command line would show to every user.
 */
export function forkQueueWorker(url: string, queueName: string, concurrency: number, taskFiles: readonly string[], options: { detached?: boolean } = {}): ChildProcess {
  return fork(workerFile('queue-worker'), [queueName, String(concurrency)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: options.detached ?? false,
    env: { ...process.env, [REDIS_URL_ENV]: url, [TASK_FILES_ENV]: JSON.stringify(taskFiles) },
  });
}

/** Start one queue worker process and wait until it listens on the queue. */
function startWorker(url: string, queueName: string, concurrency: number, taskFiles: readonly string[]): Promise<ChildProcess> {
  // A process group of its own: the worker and the sandboxed processes BullMQ starts for it stop
  // together (killed alone, the worker orphaned them, spinning at full CPU), as a machine's would.
  const child = forkQueueWorker(url, queueName, concurrency, taskFiles, { detached: true });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new WorkerCrashError(`A queue worker exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('message', () => { child.off('exit', onExit); resolve(child); });
  });
}

/** Connect and fail within a few seconds, with the URL, when nothing answers. */
async function connect(url: string): Promise<IORedis> {
  const connection = new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: 3_000, retryStrategy: () => null });
  // Failures are reported by the calls that fail; ioredis would otherwise print every reconnection attempt.
  connection.on('error', () => {});
  try {
    await connection.connect();
    await connection.ping();
  } catch (error) {
    connection.disconnect();
    throw new Error(`Redis at ${maskRedisUrl(url)} did not answer: ${(error as Error).message}`);
  }
  // Connected: from now on, reconnect after a restart instead of failing at once.
  connection.options.retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  return connection;
}

/**
 * Start a queue pool: a queue on Redis (started here unless `redis` is given) and `workers` local
 * worker processes. Whoever creates it terminates it (`await pool.terminate()`): the queue's keys,
 * the local workers and an embedded Redis go.
 * @example const pool = await createQueuePool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createQueuePool({ redis, workers = 2, concurrency = 1, attempts = 2, queueName = SHARED_QUEUE, taskFiles: given }: QueuePoolOptions = {}): Promise<WorkerPool> {
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new RangeError(`Expected \`workers\` to be a whole number of local worker processes from 0 to 64, got ${workers}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new RangeError(`Expected \`concurrency\` to be a whole number from 1 to 64, got ${concurrency}`);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) throw new RangeError(`Expected \`attempts\` to be a whole number from 1 to 100, got ${attempts}`);
  if (redis !== undefined) checkRedisUrl(redis, 'redis');
  const taskFiles = allowTaskFiles(given);
  const started = performance.now();
  let server: RedisServer | undefined;
  let connection: IORedis | undefined;
  let eventsConnection: IORedis | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  const children: ChildProcess[] = [];
  let terminated: Promise<void> | null = null;
  const terminate = () => {
    terminated ??= (async () => {
      forget();
      // Local workers first (they would otherwise wait on a Redis that is going), then the queue's keys.
      await Promise.all(children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        killWorkerGroup(child.pid!);
      })));
      // A Redis of our own goes whole; on a shared one the queue stays for the workers and maps of others.
      // Bounded: with Redis gone these would wait for it for ever.
      const within = (work: Promise<unknown> | undefined) => Promise.race([work?.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      if (server) await within(queue?.obliterate({ force: true }));
      await within(Promise.allSettled([events?.close(), queue?.close()]));
      // Connections handed to BullMQ are ours to close.
      connection?.disconnect();
      eventsConnection?.disconnect();
      await server?.stop();
    })();
    return terminated;
  };
  const forget = track(terminate);
  try {
    if (!redis) server = await startRedisServer();
    const url = redis ?? server!.url;
    connection = await connect(url);
    queue = new Queue(queueName, { connection });
    eventsConnection = new IORedis(url, { maxRetriesPerRequest: null });
    // Reported by the calls that fail; ioredis would otherwise print every reconnection attempt.
    eventsConnection.on('error', () => {});
    events = new QueueEvents(queueName, { connection: eventsConnection });
    // Failures reach the calls that fail; without a listener BullMQ prints each error whole.
    queue.on('error', () => {});
    events.on('error', () => {});
    // Every chunk in flight listens for its own end: thousands at once is the normal case here.
    queue.setMaxListeners(0);
    events.setMaxListeners(0);
    await events.waitUntilReady();
    for (let i = 0; i < workers; i++) children.push(await startWorker(url, queueName, concurrency, taskFiles));
  } catch (error) {
    await terminate();
    throw error;
  }
  const startMs = performance.now() - started;
  const jobs = queue;
  const queueEvents = events;
  // A Redis that goes away fails the chunks waiting on it after REDIS_GONE_MS, unless it comes back:
  // a map then completes or fails with a clear error, and never waits for ever.
  const waiting = new Set<(error: Error) => void>();
  // A Redis that comes back may have lost its data (the embedded one keeps none): each chunk in
  // flight then checks that its job still exists.
  const rechecks = new Set<() => void>();
  let goneTimer: NodeJS.Timeout | undefined;
  const shownUrl = maskRedisUrl(redis ?? server!.url);
  connection.on('close', () => {
    goneTimer ??= setTimeout(() => {
      const error = new Error(`Redis at ${shownUrl} went away and did not come back within ${REDIS_GONE_MS / 1000} s`);
      for (const fail of waiting) fail(error);
      waiting.clear();
    }, REDIS_GONE_MS);
  });
  connection.on('ready', () => {
    clearTimeout(goneTimer);
    goneTimer = undefined;
    for (const recheck of rechecks) recheck();
  });

  /** A job's outcome, or LOST when Redis came back without it. */
  const LOST = Symbol('lost');
  const outcomeOf = async (job: Job, itemCount: number): Promise<ChunkOutcome | typeof LOST> => {
    const source = `job ${job.id} of queue "${queueName}"`;
    let fail: (error: Error) => void = () => {};
    let lose: () => void = () => {};
    const gone = new Promise<never>((_, reject) => { fail = reject; waiting.add(fail); });
    const lost = new Promise<typeof LOST>((resolve) => { lose = () => resolve(LOST); });
    const recheck = () => void jobs.getJob(job.id!).then((found) => { if (!found) lose(); }, () => {});
    rechecks.add(recheck);
    try {
      // A result is checked before it is used: any worker on the queue may have written it.
      const finished = job.waitUntilFinished(queueEvents).then(
        (value) => checkOutcome({ ok: true, results: decodeResults(value, source) }, itemCount, source),
        // A failed job's message is the processor's failed outcome as JSON, or the queue's own failure: a failure either way.
        (error: Error) => failureFrom(String(error?.message), itemCount, source),
      );
      return await Promise.race([finished, gone, lost]);
    } finally {
      waiting.delete(fail);
      rechecks.delete(recheck);
    }
  };

  /** A chunk as a job; `cancel` removes the job while no worker has taken it (an abort). */
  const runnerFor = (state: { job?: Job; cancelled: boolean }): ChunkRunner => ({
    async runChunk(task: TaskRef, items: unknown[]): Promise<ChunkOutcome> {
      // A job lost with a restarted Redis is sent again: delivery is at least once, tasks are idempotent.
      for (;;) {
        if (state.cancelled) throw new Error('cancelled');
        const job = (state.job = await jobs.add('chunk', encodeChunk(task, items), { attempts, ...KEEP_FINISHED }));
        if (state.cancelled) {
          await job.remove().catch(() => {});
          throw new Error('cancelled');
        }
        const outcome = await outcomeOf(job, items.length);
        if (outcome !== LOST) return outcome;
      }
    },
  });

  return {
    kind: 'queue',
    taskFiles,
    // What parallelMap sizes its chunks by: the local workers, or one when all run elsewhere.
    workerCount: Math.max(1, workers * concurrency),
    get pids() { return children.map((child) => child.pid!); },
    startMs,
    // Workers may die and come back: the queue never breaks because of them.
    brokenBy: null,
    run<T>(fn: (worker: ChunkRunner) => Promise<T>) {
      if (terminated) return { promise: Promise.reject(new Error('This pool has been terminated')), cancel() {} };
      const state: { job?: Job; cancelled: boolean } = { cancelled: false };
      return { promise: fn(runnerFor(state)), cancel() { state.cancelled = true; void state.job?.remove().catch(() => {}); } };
    },
    terminate,
  };
}

/**
 * Run `fn` with a started queue pool that is terminated afterwards, also when `fn` throws.
 * @example await withQueuePool({ workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withQueuePool<T>(options: QueuePoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createQueuePool(options), fn);
}

/**
 * The queue as the pool's one worker (`pool.ts`): it takes every chunk it is given and makes it a job
 * on a BullMQ queue, whichever worker process then runs it. It owns what it opened — an embedded
 * Redis, the connections, the queue, the local worker processes — and closes it in reverse order.
 * A Redis that goes away fails the chunks waiting on it after REDIS_GONE_MS, unless it comes back;
 * one that comes back without a chunk's job (the embedded one keeps no data) gets the job again.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { type Job, Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { AbortError } from '../errors';
import type { ChunkOutcome, ChunkRequest } from '../cpu/chunk-protocol';
import { checkOutcome, failureFrom } from '../cpu/check-outcome';
import type { PoolWorker } from '../cpu/pool';
import { readyOrExit, stopChildProcess } from '../cpu/worker-lifecycle';
import { decodeResults, encodeChunk } from './chunk-codec';
import { maskRedisUrl } from './redis-url';
import { startRedisServer } from './redis-server';
import { REDIS_GONE_MS } from './timings';

/** Finished jobs stay a minute: `waitUntilFinished` reads a job that finished before it asked. */
const KEEP_FINISHED = { removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } } as const;

/** Connect and fail within a few seconds, with the URL, when nothing answers. */
async function connect(url: string): Promise<IORedis> {
  const connection = new IORedis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 3_000,
    retryStrategy: () => null,
  });
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

/** A step of opening the queue, undone in reverse order when it closes or fails to open. */
type Undo = (signal: NodeJS.Signals, timeoutMs: number) => Promise<unknown>;

async function undoAll(steps: Undo[], signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  for (const step of steps.splice(0).reverse()) await step(signal, timeoutMs);
}

/** Bounded: with Redis gone, closing would wait for it for ever. */
function within2s(work: Promise<unknown>): Promise<unknown> {
  return Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
}

const LOST = Symbol('lost');

/** A chunk sent as a job: the job once added, and how its wait may end early. */
class JobWait {
  job: Job | undefined;
  withdrawn = false;
  private end: (reason: Error | typeof LOST) => void = () => {};
  /** Resolves LOST if Redis comes back without the job; rejects if Redis stays gone or the chunk is withdrawn. */
  next(): Promise<typeof LOST> {
    return new Promise((resolve, reject) => {
      this.end = (reason) => (reason === LOST ? resolve(LOST) : reject(reason));
    });
  }
  lose(): void {
    this.end(LOST);
  }
  fail(error: Error): void {
    this.end(error);
  }
}

/**
 * What the queue opens: a Redis (`redis`, else one started here), a queue, and `localWorkers`
 * processes started by `forkWorker`.
 */
export interface QueueSettings {
  redis: string | undefined;
  queueName: string;
  attempts: number;
  localWorkers: number;
  /** Start one local worker process on the Redis at `url`, a process group of its own. */
  forkWorker(url: string): ChildProcess;
}

/** The queue as the pool's one worker: every chunk it is given becomes a job, whoever runs it. */
export class QueueClient implements PoolWorker {
  readonly capacity = Infinity;
  readonly localWorkers: ChildProcess[] = [];
  private readonly waits = new Map<number, JobWait>();
  /** Set while Redis has been gone longer than REDIS_GONE_MS: new chunks fail at once instead of waiting. */
  private goneError: Error | undefined;
  private goneTimer: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    connection: IORedis,
    shownUrl: string,
    private readonly attempts: number,
    private readonly undo: Undo[],
  ) {
    // A Redis that goes away fails the chunks waiting on it after REDIS_GONE_MS, unless it comes back.
    connection.on('close', () => {
      if (this.closing) return;
      this.goneTimer ??= setTimeout(() => {
        this.goneError = new Error(
          `Redis at ${shownUrl} went away and did not come back within ${REDIS_GONE_MS / 1000} s`,
        );
        for (const wait of this.waits.values()) wait.fail(this.goneError);
      }, REDIS_GONE_MS);
    });
    // A Redis that comes back may have lost its data (the embedded one keeps none): each job in flight is looked for.
    connection.on('ready', () => {
      clearTimeout(this.goneTimer);
      this.goneTimer = this.goneError = undefined;
      for (const wait of this.waits.values()) {
        const id = wait.job?.id;
        if (id)
          void queue.getJob(id).then(
            (found) => {
              if (!found) wait.lose();
            },
            () => {},
          );
      }
    });
  }

  get pids(): readonly number[] {
    return this.localWorkers.map((child) => child.pid!);
  }

  static async open(settings: QueueSettings): Promise<QueueClient> {
    const undo: Undo[] = [];
    try {
      const server = settings.redis ? undefined : await startRedisServer();
      if (server) undo.push(() => server.stop());
      const url = settings.redis ?? server!.url;
      // Connections handed to BullMQ are ours to close.
      const connection = await connect(url);
      undo.push(async () => connection.disconnect());
      const queue = new Queue(settings.queueName, { connection });
      undo.push(() => within2s(queue.close()));
      // A Redis of our own goes whole; on a shared one the queue stays for the workers and maps of others.
      if (server) undo.push(() => within2s(queue.obliterate({ force: true })));
      const eventsConnection = new IORedis(url, { maxRetriesPerRequest: null });
      eventsConnection.on('error', () => {});
      undo.push(async () => eventsConnection.disconnect());
      const events = new QueueEvents(settings.queueName, { connection: eventsConnection });
      undo.push(() => within2s(events.close()));
      // Failures reach the calls that fail; every chunk in flight listens for its own end.
      queue.on('error', () => {}).setMaxListeners(0);
      events.on('error', () => {}).setMaxListeners(0);
      await events.waitUntilReady();
      const client = new QueueClient(queue, events, connection, maskRedisUrl(url), settings.attempts, undo);
      // Local workers last, so stopped first (with their process groups): they would otherwise wait
      // on a Redis that is going.
      for (let i = 0; i < settings.localWorkers; i++) {
        const child = settings.forkWorker(url);
        undo.push((signal, timeoutMs) => stopChildProcess(child, { signal, timeoutMs, group: true }));
        await readyOrExit(child, once(child, 'message'), 'A queue worker');
        client.localWorkers.push(child);
      }
      return client;
    } catch (error) {
      await undoAll(undo, 'SIGKILL', 0);
      throw error;
    }
  }

  async send({ id, task, items }: ChunkRequest): Promise<ChunkOutcome> {
    if (this.goneError) throw this.goneError;
    const wait = new JobWait();
    this.waits.set(id, wait);
    try {
      // A job lost with a restarted Redis is sent again: delivery is at least once, tasks are idempotent.
      for (;;) {
        wait.job = undefined;
        const ended = wait.next();
        const adding = this.queue.add('chunk', encodeChunk(task, items), { attempts: this.attempts, ...KEEP_FINISHED });
        // Withdrawn while it was being added: removed once it is there.
        ended.catch(() =>
          adding
            .then((job) => {
              if (wait.withdrawn) return job.remove();
            })
            .catch(() => {}),
        );
        const added = await Promise.race([adding, ended]);
        if (added === LOST) continue;
        wait.job = added;
        const outcome = await Promise.race([this.outcomeOf(added, items.length), ended]);
        if (outcome !== LOST) return outcome;
      }
    } finally {
      this.waits.delete(id);
    }
  }

  /** An abort: the job is removed while no worker has taken it; the pool stops waiting for it either way. */
  withdraw(id: number): boolean {
    const wait = this.waits.get(id);
    if (wait) {
      wait.withdrawn = true;
      void wait.job?.remove().catch(() => {});
      wait.fail(new AbortError('The chunk was withdrawn'));
    }
    return true;
  }

  /**
   * Local workers (and their sandboxes) first, with `signal`; then the queue's keys, its
   * connections and an embedded Redis.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 2_000): Promise<void> {
    this.closing = true;
    clearTimeout(this.goneTimer);
    for (const wait of this.waits.values()) wait.fail(new Error('The queue was closed'));
    await undoAll(this.undo, signal, timeoutMs);
  }

  private outcomeOf(job: Job, itemCount: number): Promise<ChunkOutcome> {
    const source = `job ${job.id} of queue "${this.queue.name}"`;
    // Checked here to name the job; any worker on the queue may have written it.
    return job.waitUntilFinished(this.events).then(
      (value) => checkOutcome({ ok: true, results: decodeResults(value, source) }, itemCount, source),
      // A failed job's message is the processor's failed outcome as JSON, or the queue's own
      // failure: a failure either way.
      (error: Error) => failureFrom(String(error?.message), itemCount, source),
    );
  }
}

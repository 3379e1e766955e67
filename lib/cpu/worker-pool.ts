/**
 * A pool of worker threads on the `threads` package's Pool, with what it lacks for notebooks:
 * a crash or exit of a worker becomes an error instead of a hang, and start-up can be awaited and timed.
 */
import { availableParallelism } from 'node:os';
import type { ModuleThread } from 'threads';
import { WorkerCrashError } from '../errors';
import { workerFile } from '../files';
import { track } from '../running';
import type { ChunkRunner } from './chunk-protocol';
import { allowTaskFiles } from './task-permissions';
import { ThreadsWorker } from './threads-worker';

// threads.js installs SIGINT/SIGTERM handlers that exit the whole process (with 0) as soon as it is
// loaded. In a kernel SIGINT means "interrupt the cell", and in the CLI Ctrl-C must be able to stop
// work and report: remove them, at load and at each worker's creation; pools are stopped by their
// owners, and by `stopEverything` on an interrupt.
function withoutThreadsSignalHandlers<T>(create: () => T): T {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const result = create();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return result;
}

const { Pool, spawn } = withoutThreadsSignalHandlers(() => require('threads') as typeof import('threads'));

/**
 * A started pool — of worker threads (`createWorkerPool`), of child processes (`createProcessPool`) or
 * of queue workers on Redis (`createQueuePool`);
 * pass it to `parallelMap` to reuse it across calls.
 */
export interface WorkerPool {
  /** What its workers are: threads of this process, or processes of their own. */
  readonly kind: 'threads' | 'processes' | 'queue';
  readonly workerCount: number;
  /** The process ids of its workers: the child processes of a process pool, none for threads. */
  readonly pids: readonly number[];
  /** The compiled task modules its workers may run besides the built-in tasks (absolute paths). */
  readonly taskFiles: readonly string[];
  /** Milliseconds from creation until every worker had loaded its code. */
  readonly startMs: number;
  /** Set once a worker died; the pool then refuses new work. */
  readonly brokenBy: Error | null;
  /** Run `fn` on the next free worker; rejects at once if that worker dies meanwhile. */
  run<T>(fn: (worker: ChunkRunner) => Promise<T>): { promise: Promise<T>; cancel(): void };
  /** Stop every worker; idempotent. */
  terminate(): Promise<void>;
}

/** One started worker: a promise that rejects when its thread dies, and a way to stop watching it. */
interface Member {
  died: Promise<never>;
  /** Called before a deliberate terminate, so that exit is not reported as a crash. */
  expectExit(): void;
}

function startMember(entry: string, taskFiles: readonly string[], onDeath: (error: Error) => void): { member: Member; thread: Promise<ModuleThread<ChunkRunner>> } {
  // Our own worker, not threads.js's: see threads-worker.ts for the leak its Worker class has.
  const worker = new ThreadsWorker(entry, { workerData: { taskFiles } });
  const raw = worker as NodeJS.EventEmitter;
  let exitExpected = false;
  const died = new Promise<never>((_, reject) => {
    const fail = (error: Error) => { onDeath(error); reject(error); };
    raw.once('exit', (code: number) => {
      if (!exitExpected) fail(new WorkerCrashError(`A worker thread exited with code ${code} while the pool was running`));
    });
    raw.once('error', (cause: Error) => fail(new WorkerCrashError(`A worker thread crashed: ${cause.message}`)));
  });
  died.catch(() => {}); // observed by the tasks; a death while idle must not become an unhandled rejection
  return { member: { died, expectExit: () => { exitExpected = true; } }, thread: spawn<ChunkRunner>(worker as never) };
}

/** What every pool of this process's own workers is started with. */
export interface PoolOptions {
  /** How many workers (default: the number of cores). */
  workers?: number;
  /**
   * Compiled task modules the workers may run by `{ file, name }`, besides the built-in tasks: a
   * worker refuses any other module (`TaskNotAllowedError`) and loads nothing of it.
   */
  taskFiles?: readonly string[];
}

/**
 * Start a pool of worker threads and wait until every worker has loaded its code.
 * Whoever creates a pool terminates it (`await pool.terminate()`), also after errors.
 * @param options.workers how many threads (default: the number of cores).
 * @param options.taskFiles the task modules its workers may run besides the built-in tasks.
 * @example const pool = await createWorkerPool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createWorkerPool({ workers = defaultWorkerCount(), taskFiles: given }: PoolOptions = {}): Promise<WorkerPool> {
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new RangeError('Expected `workers` to be a whole number from 1 to 256');
  }
  const taskFiles = allowTaskFiles(given);
  const entry = workerFile('chunk-runner');
  const started = performance.now();
  const members = new Map<unknown, Member>();
  const spawned: Promise<unknown>[] = [];
  let brokenBy: Error | null = null;
  const onDeath = (error: Error) => { brokenBy ??= error; };
  const pool = Pool(() => {
    const { member, thread } = startMember(entry, taskFiles, onDeath);
    const registered = thread.then((started) => { members.set(started, member); return started; });
    spawned.push(Promise.race([registered, member.died]));
    return registered;
  }, { size: workers, concurrency: 1 });
  let terminated: Promise<void> | null = null;
  const terminate = () => {
    terminated ??= (async () => {
      for (const member of members.values()) member.expectExit();
      await pool.terminate(true).catch(() => {});
      forget();
    })();
    return terminated;
  };
  const forget = track(terminate);
  try {
    await Promise.all(spawned);
  } catch (error) {
    await terminate();
    throw error;
  }
  const startMs = performance.now() - started;
  return {
    kind: 'threads',
    taskFiles,
    pids: [],
    workerCount: workers,
    startMs,
    get brokenBy() { return brokenBy; },
    run(fn) {
      if (brokenBy) {
        const promise = Promise.reject(new WorkerCrashError(`This pool lost a worker earlier (${brokenBy.message}); create a new pool`));
        return { promise, cancel() {} };
      }
      if (terminated) return { promise: Promise.reject(new Error('This pool has been terminated')), cancel() {} };
      const task = pool.queue((thread) => {
        const member = members.get(thread);
        return member ? Promise.race([fn(thread as ChunkRunner), member.died]) : fn(thread as ChunkRunner);
      });
      return { promise: task.then((value) => value), cancel: () => task.cancel() };
    },
    terminate,
  };
}

/**
 * Run `fn` with a started pool that is terminated afterwards, also when `fn` throws: re-running a
 * notebook cell never leaves a worker behind.
 * @example const squares = await withWorkerPool({ workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withWorkerPool<T>(options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createWorkerPool(options), fn);
}

/**
 * Run `fn` with the pool `starting` starts — of any kind — and terminate it afterwards, also when
 * `fn` throws: what every `with…Pool` does.
 * @example await usingPool(createProcessPool({ workers: 2 }), (pool) => parallelMap(items, 'echo', { pool }));
 */
export async function usingPool<T>(starting: Promise<WorkerPool>, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const pool = await starting;
  try {
    return await fn(pool);
  } finally {
    await pool.terminate();
  }
}

/** The number of cores Node may use: the default pool size. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

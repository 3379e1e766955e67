/**
 * The pool's thread transport: worker threads started and spoken to through the `threads` package's
 * `spawn()` and its messaging, one chunk at a time each (`chunk-runner.ts` is their first file).
 * Not its `Pool`: that waits a timer tick (≥ 1 ms) before every task, and the pool (`pool.ts`)
 * hands a free worker its next chunk as soon as it answers.
 */
import { WorkerCrashError } from '../errors';
import type { ChunkRequest, ChunkRunner } from './chunk-protocol';
import { type LocalWorkerKind, localTransport } from './local-transport';
import { type PoolOptions, type PoolTransport, type PoolWorker, startPool, usingPool, type WorkerPool } from './pool';
import { threadsPackage } from './threads-package';
import { ThreadsWorker } from './threads-worker';
import { readyOrExit } from './worker-lifecycle';

// Older importers find the contract here, where it lived before `pool.ts`.
export { usingPool, type PoolOptions, type WorkerPool } from './pool';

const { spawn } = threadsPackage;

/** One worker thread of a pool: it runs one chunk at a time, and may hold the next (`lookahead`). */
class PoolThread implements PoolWorker {
  readonly capacity = 1;
  readonly lookahead = 1;
  readonly pids: readonly number[] = [];
  private runner: ChunkRunner | null = null;
  private killed = false;
  private crash: Error | undefined;
  private onDeath: ((error: Error) => void) | null = null;
  private readonly exited: Promise<void>;

  private constructor(private readonly thread: ThreadsWorker) {
    // An uncaught error in the thread is followed by its exit, which reports it.
    thread.on('error', (error: Error) => {
      this.crash = error;
    });
    this.exited = new Promise((resolve) =>
      thread.once('exit', (code: number) => {
        resolve();
        if (this.killed) return;
        const error = new WorkerCrashError(
          this.crash
            ? `A worker thread crashed: ${this.crash.message}`
            : `A worker thread exited with code ${code} while the pool was running`,
        );
        // Node delivers a thread's last messages just before 'exit'; their answers settle a turn later.
        // Reported after them, the death fails only the chunk that was running.
        setImmediate(() => this.onDeath?.(error));
      }),
    );
  }

  static async start(
    entry: string,
    taskFiles: readonly string[],
    onDeath: (error: Error) => void,
  ): Promise<PoolThread> {
    // Our own Worker class, not threads.js's, which keeps every worker it made for ever (threads-worker.ts).
    const member = new PoolThread(new ThreadsWorker(entry, { workerData: { taskFiles } }));
    try {
      member.runner = await readyOrExit(member.thread, spawn<ChunkRunner>(member.thread as never), 'A worker thread');
    } catch (error) {
      await member.kill();
      throw error;
    }
    member.onDeath = onDeath;
    return member;
  }

  send({ task, items }: ChunkRequest): Promise<unknown> {
    return this.runner!.runChunk(task, items);
  }

  /** A thread has no signals: it is terminated at once, whatever it runs. */
  async kill(): Promise<void> {
    this.killed = true;
    await this.thread.terminate();
    await this.exited;
  }
}

/** Worker threads running `chunk-runner.ts`, one chunk at a time each. */
const THREADS: LocalWorkerKind = {
  kind: 'threads',
  noun: 'threads',
  entry: 'cpu/chunk-runner',
  start: (entryFile, taskFiles, onDeath) => PoolThread.start(entryFile, taskFiles, onDeath),
};

/** The transport of a pool of `workers` worker threads (default: one per core, at most `LIMITS.workers.max`). */
export function threadTransport(options: PoolOptions = {}): PoolTransport {
  return localTransport(THREADS, options);
}

/**
 * Start a pool of worker threads and wait until every worker has loaded its code. A thread that dies
 * fails the chunk it ran (`WorkerCrashError`) and is replaced. Whoever creates a pool terminates it
 * (`await pool.terminate()`), also after errors.
 * @param options.workers how many threads (default: the number of cores).
 * @param options.taskFiles the task modules its workers may run besides the built-in tasks.
 * @example const pool = await createWorkerPool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createWorkerPool(options: PoolOptions = {}): Promise<WorkerPool> {
  return startPool(threadTransport(options));
}

/**
 * Run `fn` with a started pool of threads that is terminated afterwards, also when `fn` throws.
 * @example const squares = await withWorkerPool({ workers: 2 }, (pool) =>
 *   parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withWorkerPool<T>(options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createWorkerPool(options), fn);
}

/** The default pool size: one worker per core, at most `LIMITS.workers.max`. */
export { defaultWorkerCount } from '../limits';

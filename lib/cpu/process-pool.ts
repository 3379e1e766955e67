/**
 * The pool's process transport: child processes (`process-chunk-runner.ts` is their first file), a
 * chunk per message over the IPC channel. Built on `child_process.fork` itself: every library that
 * runs process pools for Node wraps exactly that (or runs worker threads). Each process is a whole
 * Node — its own V8 heap, event loop and memory — as a CPython `multiprocessing.Pool` worker has its
 * own interpreter.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { WorkerCrashError } from '../errors';
import type { ChunkReply, ChunkRequest } from './chunk-protocol';
import { type LocalWorkerKind, localTransport } from './local-transport';
import { type PoolOptions, type PoolTransport, type PoolWorker, startPool, usingPool, type WorkerPool } from './pool';
import { TASK_FILES_ENV } from './task-permissions';
import { describeExit, readyOrExit, stopChildProcess } from './worker-lifecycle';

/** One child process of a pool, and the answer it owes. */
class PoolProcess implements PoolWorker {
  readonly capacity = 1;
  private readonly replies = new Map<number, (answer: unknown) => void>();
  private killed = false;
  private onDeath: ((error: Error) => void) | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: ChunkReply) => {
      const settle = this.replies.get(reply?.id);
      if (!settle) return;
      this.replies.delete(reply.id);
      settle(reply.outcome);
    });
    // A send to a process that is going raises 'error' (the channel closed): its death is reported by 'exit'.
    child.on('error', () => {});
    child.once('exit', (code, signal) => {
      if (!this.killed)
        this.onDeath?.(
          new WorkerCrashError(`A pool process exited (${describeExit(code, signal)}) while the pool was running`),
        );
    });
  }

  get pids(): readonly number[] {
    return [this.child.pid!];
  }

  static async start(
    entry: string,
    taskFiles: readonly string[],
    onDeath: (error: Error) => void,
  ): Promise<PoolProcess> {
    // 'advanced' serialization: the structured clone, as worker threads use, so bigints cross too.
    const env = { ...process.env, [TASK_FILES_ENV]: JSON.stringify(taskFiles) };
    const member = new PoolProcess(
      fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env }),
    );
    try {
      await readyOrExit(member.child, once(member.child, 'message'), 'A pool process');
    } catch (error) {
      await member.kill();
      throw error;
    }
    member.onDeath = onDeath;
    return member;
  }

  send(request: ChunkRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.replies.set(request.id, resolve);
      // An item the channel cannot serialize throws here: the process stays free for the next chunk.
      const failed = (error: Error | null) => {
        if (error && this.replies.delete(request.id)) reject(error);
      };
      try {
        this.child.send(request, failed);
      } catch (error) {
        failed(error as Error);
      }
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs?: number): Promise<void> {
    this.killed = true;
    return stopChildProcess(this.child, { signal, timeoutMs });
  }
}

/** Child processes running `process-chunk-runner.ts`, one chunk at a time each. */
const PROCESSES: LocalWorkerKind = {
  kind: 'processes',
  noun: 'processes',
  entry: 'cpu/process-chunk-runner',
  start: (entryFile, taskFiles, onDeath) => PoolProcess.start(entryFile, taskFiles, onDeath),
};

/** The transport of a pool of `workers` child processes (default: one per core, at most `LIMITS.workers.max`). */
export function processTransport(options: PoolOptions = {}): PoolTransport {
  return localTransport(PROCESSES, options);
}

/**
 * Start a pool of `workers` child processes and wait until each has loaded its code. A process that
 * exits fails the chunk it ran (`WorkerCrashError`) and is replaced; a process whose parent dies
 * exits. Whoever creates a pool terminates it (`await pool.terminate()`), also after errors.
 * @example const pool = await createProcessPool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createProcessPool(options: PoolOptions = {}): Promise<WorkerPool> {
  return startPool(processTransport(options));
}

/**
 * Run `fn` with a started process pool that is terminated afterwards, also when `fn` throws.
 * @example const squares = await withProcessPool({ workers: 2 }, (pool) =>
 *   parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withProcessPool<T>(options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createProcessPool(options), fn);
}

/**
 * A pool of child processes with the worker pool's contract: `parallelMap(items, task, { pool })`
 * runs the same tasks on them, results in input order, a dead process is a WorkerCrashError at once.
 * Built on `child_process.fork` itself: a pool is a few processes, a queue and a message per chunk,
 * and every library that runs process pools for Node wraps exactly that (or runs worker threads).
 * Each process is a whole Node: its own V8 heap, event loop and memory, as a CPython
 * `multiprocessing.Pool` worker has its own interpreter.
 */
import { ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { WorkerCrashError } from '../errors';
import { workerFile } from '../files';
import { track } from '../running';
import type { ChunkOutcome, ChunkReply, ChunkRunner, TaskRef } from './chunk-protocol';
import { allowTaskFiles, TASK_FILES_ENV } from './task-permissions';
import { PoolOptions, usingPool, WorkerPool } from './worker-pool';

interface Member {
  child: ChildProcess;
  /** The chunk it runs now, if any. */
  busy: { id: number; resolve(outcome: ChunkOutcome): void; reject(error: Error): void } | null;
}

interface Queued {
  start(worker: ChunkRunner): void;
  fail(error: Error): void;
}

/** Start one child and wait for its 'ready'; rejects if it exits first. */
function startChild(entry: string, taskFiles: readonly string[]): Promise<ChildProcess> {
  // 'advanced' serialization: the structured clone, as worker threads use, so bigints cross too.
  const env = { ...process.env, [TASK_FILES_ENV]: JSON.stringify(taskFiles) };
  const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new WorkerCrashError(`A pool process exited (${signal ?? `code ${code}`}) before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', () => { child.off('exit', onExit); child.off('error', reject); resolve(child); });
  });
}

/**
 * Start a pool of `workers` child processes and wait until each has loaded its code.
 * Whoever creates a pool terminates it (`await pool.terminate()`), also after errors.
 * @example const pool = await createProcessPool({ workers: 2 });
 *   try { await parallelMap(items, 'sumOfSquares', { pool }); } finally { await pool.terminate(); }
 */
export async function createProcessPool({ workers = availableParallelism(), taskFiles: given }: PoolOptions = {}): Promise<WorkerPool> {
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new RangeError(`Expected \`workers\` to be a whole number of processes from 1 to 64, got ${workers}`);
  }
  const taskFiles = allowTaskFiles(given);
  const started = performance.now();
  const entry = workerFile('process-chunk-runner');
  const members: Member[] = [];
  const queue: Queued[] = [];
  let brokenBy: Error | null = null;
  let terminated: Promise<void> | null = null;
  let nextId = 0;

  const runner = (member: Member): ChunkRunner => ({
    runChunk: (task: TaskRef, items: unknown[]) => new Promise<ChunkOutcome>((resolve, reject) => {
      const id = nextId++;
      member.busy = { id, resolve, reject };
      // An item the channel cannot serialize throws here: the process stays free for the next chunk.
      const failed = (error: Error | null) => {
        if (!error || member.busy?.id !== id) return;
        member.busy = null;
        reject(error);
      };
      try {
        member.child.send({ id, task, items }, failed);
      } catch (error) {
        failed(error as Error);
      }
    }),
  });
  const dispatch = () => {
    for (const member of members) {
      if (queue.length === 0) return;
      if (!member.busy && member.child.connected) queue.shift()!.start(runner(member));
    }
  };
  const adopt = (child: ChildProcess) => {
    const member: Member = { child, busy: null };
    child.on('message', (reply: ChunkReply) => {
      const busy = member.busy;
      if (!busy || reply.id !== busy.id) return;
      member.busy = null;
      busy.resolve(reply.outcome);
    });
    // A send to a process that is going raises 'error' (the channel closed): its death is reported by 'exit'.
    child.on('error', () => {});
    child.once('exit', (code, signal) => {
      if (terminated) return;
      // A process that dies breaks the pool, as a thread does: its chunk and everything queued fail at once.
      brokenBy ??= new WorkerCrashError(`A pool process exited (${signal ?? `code ${code}`}) while the pool was running`);
      member.busy?.reject(brokenBy);
      member.busy = null;
      for (const waiting of queue.splice(0)) waiting.fail(brokenBy);
    });
    members.push(member);
  };

  const terminate = () => {
    terminated ??= (async () => {
      forget();
      const stopped = new WorkerCrashError('The process pool was terminated');
      for (const waiting of queue.splice(0)) waiting.fail(stopped);
      await Promise.all(members.map(({ child, busy }) => new Promise<void>((resolve) => {
        busy?.reject(stopped);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      })));
    })();
    return terminated;
  };
  const forget = track(terminate);
  const starting = Array.from({ length: workers }, () => startChild(entry, taskFiles).then(adopt));
  try {
    await Promise.all(starting);
  } catch (error) {
    // Those that did start are stopped too (their 'then' may still adopt them: wait for all first).
    await Promise.allSettled(starting);
    await terminate();
    throw error;
  }
  const startMs = performance.now() - started;

  return {
    kind: 'processes',
    taskFiles,
    pids: members.map((member) => member.child.pid!),
    workerCount: workers,
    startMs,
    get brokenBy() { return brokenBy; },
    run<T>(fn: (worker: ChunkRunner) => Promise<T>) {
      if (brokenBy) return { promise: Promise.reject(new WorkerCrashError(`This pool lost a process earlier (${brokenBy.message}); create a new pool`)), cancel() {} };
      if (terminated) return { promise: Promise.reject(new Error('This pool has been terminated')), cancel() {} };
      let entryInQueue: Queued | undefined;
      const promise = new Promise<T>((resolve, reject) => {
        entryInQueue = { start: (worker) => fn(worker).then(resolve, reject), fail: reject };
        queue.push(entryInQueue);
        dispatch();
      });
      // When a chunk settles its process is free: hand it the next one.
      promise.then(dispatch, dispatch);
      return {
        promise,
        cancel() {
          const index = entryInQueue ? queue.indexOf(entryInQueue) : -1;
          if (index >= 0) queue.splice(index, 1)[0].fail(new Error('cancelled'));
        },
      };
    },
    terminate,
  };
}

/**
 * Run `fn` with a started process pool that is terminated afterwards, also when `fn` throws.
 * @example const squares = await withProcessPool({ workers: 2 }, (pool) => parallelMap(items, 'sumOfSquares', { pool }));
 */
export function withProcessPool<T>(options: PoolOptions, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingPool(createProcessPool(options), fn);
}

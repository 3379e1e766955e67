/**
 * One pool, whatever its workers are: the contract every pool keeps (`WorkerPool`), `usingPool`, and
 * the one dispatcher behind the three kinds. A transport starts a worker, sends it a chunk, kills it
 * and says when it died (`worker-pool.ts`: threads; `process-pool.ts`: child processes;
 * `queue/queue-pool.ts`: a BullMQ queue); the dispatcher keeps the chunks waiting, hands each to a
 * free worker (piscina's `WorkerInfo` and `TaskInfo`: named state, not closures), fails only what a
 * dead worker was running, starts a replacement, and stops it all once.
 */
import { AbortError, WorkerCrashError } from '../errors';
import { track } from '../running';
import { usingStarted } from '../using-started';
import { checkOutcome } from './check-outcome';
import { Fifo } from './fifo';
import type { ChunkOutcome, ChunkRequest, TaskRef } from './chunk-protocol';
import type { PoolKind } from './pool-kind-names';

/** One started worker, as its transport drives it (BullMQ's `Child`: the pool never asks which kind it holds). */
export interface PoolWorker {
  /** Chunks it takes at once: one for a thread or a process; a queue takes every chunk it is given. */
  readonly capacity: number;
  /**
   * Chunks it can hold besides those it runs, to run them in the order sent (a thread: one). Its
   * answers arrive before its death is reported, so a worker that dies fails what it ran and gives
   * back what it only held. See `LOOKAHEAD_BELOW_MS`.
   */
  readonly lookahead?: number;
  /** Send it a chunk ahead only after chunks shorter than this (default `LOOKAHEAD_BELOW_MS`). */
  readonly lookaheadBelowMs?: number;
  /** Its operating-system processes: none for a thread. */
  readonly pids: readonly number[];
  /** Send a chunk; resolves with the answer as it came (the pool checks it before use). */
  send(request: ChunkRequest): Promise<unknown>;
  /** Give up a chunk no longer wanted (an abort); true if its place is free at once, false if it runs on. */
  withdraw?(id: number): boolean;
  /** Stop it with `signal`, SIGKILL after `timeoutMs`; resolves once it has exited. Never reported as a death. */
  kill(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

/** How a kind of pool starts its workers. */
export interface PoolTransport {
  readonly kind: PoolKind;
  /** The compiled task modules its workers may run besides the built-in tasks (absolute paths). */
  readonly taskFiles: readonly string[];
  /** How many workers the pool keeps started. */
  readonly size: number;
  /** What `parallelMap` sizes chunks by (default: `size`). */
  readonly workerCount?: number;
  /**
   * Start one worker; resolves once it is ready, rejects if it dies first; later, `onDeath` once if
   * it dies by itself.
   */
  start(onDeath: (error: Error) => void): Promise<PoolWorker>;
}

/** A chunk handed to a pool: its checked answer, and a way to give it up. */
export interface PoolTask {
  readonly promise: Promise<ChunkOutcome>;
  /** Drop it if it still waits (else its answer is ignored when it comes); its promise rejects with an AbortError. */
  cancel(): void;
}

/**
 * A started pool — of worker threads (`createWorkerPool`), child processes (`createProcessPool`) or
 * queue workers on Redis (`createQueuePool`); pass it to `parallelMap` to reuse it across calls.
 */
export interface WorkerPool {
  readonly kind: PoolKind;
  /** The workers it was started with: what `parallelMap` sizes its chunks by. */
  readonly workerCount: number;
  /** Workers alive now: `workerCount`, less those that died and are not replaced yet. */
  readonly liveWorkerCount: number;
  /** Workers that died by themselves since the pool started; each was replaced when it could be. */
  readonly lostWorkerCount: number;
  /** Chunks sent to a worker now (running, or held to run next), and chunks waiting for one. */
  readonly activeCount: number;
  readonly pendingCount: number;
  /** The process ids of its workers: child processes or local queue workers, none for threads. */
  readonly pids: readonly number[];
  /** The compiled task modules its workers may run besides the built-in tasks (absolute paths). */
  readonly taskFiles: readonly string[];
  /** Milliseconds from creation until every worker had loaded its code. */
  readonly startMs: number;
  /** Run one chunk on the next free worker (the caller checks the task is allowed: see `parallelMap`). */
  run(task: TaskRef, items: unknown[]): PoolTask;
  /** Stop every worker; idempotent. Chunks still waiting or running reject. */
  terminate(): Promise<void>;
}

/** What every pool of this process's own workers is started with. */
export interface PoolOptions {
  /** How many workers (default: the number of cores). */
  workers?: number;
  /**
   * Compiled task modules the workers may run by `{ file, name }`, besides the built-in tasks: any
   * other is refused, unloaded.
   */
  taskFiles?: readonly string[];
}

/**
 * A worker whose last chunk took less than this is sent its next one before it answers: a message to
 * a thread still awake instead of one that must be woken (profiled on the project's 2-core VM, Node
 * 20: about 20 µs of main-thread time in each postMessage that woke a sleeping thread, of the 45 µs
 * each one-item chunk took). Longer chunks are never sent ahead, so that a free worker can still take
 * them: the balance of uneven work.
 */
export const LOOKAHEAD_BELOW_MS = 1;

/** A chunk and where it is: waiting (`worker` null), sent to `worker`, or settled. */
class TaskInfo implements PoolTask {
  worker: WorkerInfo | null = null;
  settled = false;
  sentAt = 0;
  readonly promise: Promise<ChunkOutcome>;
  private resolve!: (outcome: ChunkOutcome) => void;
  private reject!: (error: Error) => void;

  constructor(
    readonly request: ChunkRequest,
    private readonly pool: Dispatcher,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  succeed(outcome: ChunkOutcome): void {
    if (!this.settled) {
      this.settled = true;
      this.resolve(outcome);
    }
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    // A chunk given up or failed by a terminate may have nobody waiting on it: not an unhandled rejection.
    this.promise.catch(() => {});
    this.reject(error);
  }
  cancel(): void {
    this.pool.cancel(this);
  }
}

/** One worker's place in the pool: what it was sent, oldest first; `worker` is null while it starts. */
class WorkerInfo {
  worker: PoolWorker | null = null;
  readonly running = new Set<TaskInfo>();
  dead = false;
  /** When it last answered, and how long its last chunk kept it busy. */
  answeredAt = 0;
  lastChunkMs = Infinity;
  get free(): boolean {
    return this.worker !== null && this.running.size < this.worker.capacity;
  }
  get takesAhead(): boolean {
    const { worker } = this;
    return (
      worker !== null &&
      this.lastChunkMs < (worker.lookaheadBelowMs ?? LOOKAHEAD_BELOW_MS) &&
      this.running.size < worker.capacity + (worker.lookahead ?? 0)
    );
  }
}

class Dispatcher implements WorkerPool {
  startMs = 0;
  activeCount = 0;
  pendingCount = 0;
  lostWorkerCount = 0;
  private readonly workers: WorkerInfo[] = [];
  private readonly waiting = new Fifo<TaskInfo>();
  private readonly starting = new Set<Promise<void>>();
  private nextId = 0;
  private stopped: Promise<void> | null = null;
  private readonly forget = track(() => this.terminate());

  constructor(private readonly transport: PoolTransport) {}

  get kind() {
    return this.transport.kind;
  }
  get taskFiles() {
    return this.transport.taskFiles;
  }
  get workerCount() {
    return this.transport.workerCount ?? this.transport.size;
  }
  get liveWorkerCount() {
    return this.workers.filter((info) => info.worker).length;
  }
  get pids() {
    return this.workers.flatMap((info) => info.worker?.pids ?? []);
  }

  run(task: TaskRef, items: unknown[]): PoolTask {
    if (!Array.isArray(items)) throw new TypeError(`Expected \`items\` to be an array, got ${typeof items}`);
    const info = new TaskInfo({ id: this.nextId++, task, items }, this);
    if (this.stopped) info.fail(new Error('This pool has been terminated'));
    else if (this.workers.length === 0)
      info.fail(new WorkerCrashError('Every worker of this pool died and none could be restarted; create a new pool'));
    else {
      this.waiting.push(info);
      this.pendingCount++;
      this.dispatch();
    }
    return info;
  }

  cancel(task: TaskInfo): void {
    if (task.settled) return;
    task.fail(new AbortError('The chunk was cancelled'));
    const info = task.worker;
    // A waiting chunk stays in the queue, skipped when its turn comes: cancelling a whole map stays linear.
    if (!info) this.pendingCount--;
    else if (info.worker?.withdraw?.(task.request.id)) this.release(info, task);
  }

  /** Start one worker in a place of its own; a place whose worker fails to start is given up. */
  startWorker(): Promise<void> {
    const info = new WorkerInfo();
    this.workers.push(info);
    const started = this.transport
      .start((error) => this.onDeath(info, error))
      .then(
        (worker) => {
          if (this.stopped || info.dead) return worker.kill();
          info.worker = worker;
          this.dispatch();
        },
        (error: Error) => {
          this.remove(info);
          // The last worker gone and none coming: whatever waits would wait for ever.
          if (this.workers.length === 0)
            this.failWaiting(
              new WorkerCrashError(
                `Every worker of this pool died and a replacement did not start (${error.message}); create a new pool`,
              ),
            );
          throw error;
        },
      )
      .finally(() => this.starting.delete(started));
    this.starting.add(started);
    return started;
  }

  terminate(): Promise<void> {
    this.stopped ??= (async () => {
      this.forget();
      const error = new Error('This pool has been terminated');
      this.failWaiting(error);
      for (const info of this.workers) {
        for (const task of info.running) task.fail(error);
        info.running.clear();
      }
      this.activeCount = 0;
      await Promise.allSettled([...this.starting]);
      await Promise.all(this.workers.splice(0).map((info) => info.worker?.kill()));
    })();
    return this.stopped;
  }

  /** Hand waiting chunks to free workers, in order; with none free, one ahead to a worker of short chunks. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const info =
        this.workers.find((candidate) => candidate.free) ?? this.workers.find((candidate) => candidate.takesAhead);
      if (!info) return;
      const task = this.waiting.shift()!;
      if (task.settled) continue;
      this.pendingCount--;
      this.send(info, task);
    }
  }

  private send(info: WorkerInfo, task: TaskInfo): void {
    task.worker = info;
    task.sentAt = performance.now();
    info.running.add(task);
    this.activeCount++;
    let answer: Promise<unknown>;
    try {
      answer = info.worker!.send(task.request);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => {
        if (!this.answered(info, task)) return;
        // Checked before anyone uses it: a worker elsewhere (a queue's) may answer anything.
        try {
          task.succeed(checkOutcome(value, task.request.items.length, `a ${this.kind} worker`));
        } catch (error) {
          task.fail(error as Error);
        }
      },
      (error: Error) => {
        if (this.answered(info, task)) task.fail(error);
      },
    );
  }

  /**
   * `info` answered `task`: how long the chunk kept it busy (from its start or its previous
   * answer), then `release`.
   */
  private answered(info: WorkerInfo, task: TaskInfo): boolean {
    const now = performance.now();
    info.lastChunkMs = now - Math.max(task.sentAt, info.answeredAt);
    info.answeredAt = now;
    return this.release(info, task);
  }

  /** `task` leaves `info`, which takes the next waiting chunk at once; false if it had left already. */
  private release(info: WorkerInfo, task: TaskInfo): boolean {
    if (!info.running.delete(task)) return false;
    this.activeCount--;
    this.dispatch();
    return true;
  }

  private onDeath(info: WorkerInfo, error: Error): void {
    if (info.dead || this.stopped) return;
    info.dead = true;
    this.lostWorkerCount++;
    this.remove(info);
    // Only what it ran fails; what it only held goes back to the front of the queue, and the chunks
    // waiting go to the others and to its replacement.
    const sent = [...info.running];
    info.running.clear();
    this.activeCount -= sent.length;
    const ran = info.worker?.capacity ?? sent.length;
    for (const task of sent.slice(0, ran)) task.fail(error);
    const held = sent.slice(ran).filter((task) => !task.settled);
    for (const task of held) task.worker = null;
    this.waiting.unshift(held);
    this.pendingCount += held.length;
    this.startWorker().catch(() => {});
  }

  private remove(info: WorkerInfo): void {
    const index = this.workers.indexOf(info);
    if (index >= 0) this.workers.splice(index, 1);
  }

  private failWaiting(error: Error): void {
    for (const task of this.waiting.drain()) task.fail(error);
    this.pendingCount = 0;
  }
}

/**
 * Start a pool on `transport`: its `size` workers, all ready before it resolves. If one fails to
 * start, the others are stopped and the error is thrown. Each kind's `create…Pool` calls this.
 */
export async function startPool(transport: PoolTransport): Promise<WorkerPool> {
  const pool = new Dispatcher(transport);
  const started = performance.now();
  const starts = await Promise.allSettled(Array.from({ length: transport.size }, () => pool.startWorker()));
  const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
  if (failed) {
    await pool.terminate();
    throw failed.reason;
  }
  pool.startMs = performance.now() - started;
  return pool;
}

/**
 * Run `fn` with the pool `starting` starts — of any kind — and terminate it afterwards, also when
 * `fn` throws: what every `with…Pool` does, so re-running a notebook cell never leaves a worker behind.
 * @example await usingPool(createProcessPool({ workers: 2 }), (pool) => parallelMap(items, 'echo', { pool }));
 */
export function usingPool<T>(starting: Promise<WorkerPool>, fn: (pool: WorkerPool) => Promise<T>): Promise<T> {
  return usingStarted(starting, fn, (pool) => pool.terminate());
}

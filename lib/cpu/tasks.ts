/**
 * The built-in tasks a worker thread can run, by name: workloads only, so that a CPU worker loads no
 * HTTP code (tasks that download live in `io/page-tasks`, run by `{ file, name }`). A worker receives
 * a task's *name*, never a closure: what crosses the thread boundary is code on disk (this module,
 * compiled) plus structured-clone data.
 */
import { epochMs } from '../measure/timing';
import { sleep } from '../workloads/sleep';
import { spinFor, spinWork } from '../workloads/spin';
import { sumOfSquares } from '../workloads/sum-of-squares';

/** When a task ran, in milliseconds since the epoch: comparable across threads, unlike `performance.now()`. */
export interface Span {
  startedAt: number;
  endedAt: number;
}

/** Every task runs one item; workers call them in chunks. */
export const tasks = {
  /** The guide's `heavy_computation`. */
  sumOfSquares: (n: number): bigint => sumOfSquares(n),
  /** Busy for `ms` milliseconds: a CPU load of a chosen length. */
  spin: (ms: number): number => spinFor(ms),
  /** A fixed amount of CPU work (see `spinWork`). */
  spinWork: (iterations: number): number => spinWork(iterations),
  /** Waits `ms` milliseconds without using the CPU: a stand-in for I/O in a worker. */
  sleep: (ms: number): Promise<void> => sleep(ms),
  /** `sleep`, reporting when it ran. */
  timedSleep: async (ms: number): Promise<Span> => {
    const startedAt = epochMs();
    await sleep(ms);
    return { startedAt, endedAt: epochMs() };
  },
  /** `spinWork`, reporting when it ran. */
  timedWork: (iterations: number): Span => {
    const startedAt = epochMs();
    spinWork(iterations);
    return { startedAt, endedAt: epochMs() };
  },
  /** Returns its input: measures the pool's own cost per item. */
  echo: <T>(value: T): T => value,
  /** Throws for negative input: proves errors carry their item back. */
  failIfNegative: (value: number): number => {
    if (value < 0) throw new RangeError(`negative input ${value}`);
    return value;
  },
  /** Ends the worker thread abruptly: proves a crash becomes an error, not a hang. */
  crash: (code: number): never => process.exit(code),
};

/** The name of a built-in task. */
export type TaskName = keyof typeof tasks;

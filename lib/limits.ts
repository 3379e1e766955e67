/**
 * The one table of ceilings: the lib's options, the command line's flags and the notebooks' parameter
 * cells check a quantity against the same row, so `--workers 65`, `WORKERS=65` and `{ workers: 65 }`
 * are refused alike, before anything starts. A 2-core machine with 24 GiB survives every ceiling here
 * (a worker thread holds a V8 isolate of some MiB, a process some tens, a connection a socket).
 */
import { availableParallelism } from 'node:os';
import type { Range } from './check-range';
import { MAX_TIMER_MS } from './timer-limit';

export const LIMITS = {
  /** Worker threads, child processes or CPython processes started at once. */
  workers: { min: 1, max: 64 },
  /** Pages one download run fetches. */
  pages: { min: 1, max: 100_000 },
  /** Requests in flight at once, when bounded. */
  concurrency: { min: 1, max: 10_000 },
  /** Connections the embedded latency server holds at once. */
  serverConnections: { min: 1, max: 100_000 },
  /** Tasks or items one experiment hands out. */
  tasks: { min: 1, max: 100_000 },
  /** Timed rounds of one experiment. */
  rounds: { min: 1, max: 20 },
  /** How long one task or block of work runs, in milliseconds. */
  taskMs: { min: 0, above: true, max: 60_000 },
  /** How long the main thread is held or looped in one go, in milliseconds. */
  blockMs: { min: 1, max: 10_000 },
  /** A dataset or buffer copied to workers, in MiB. */
  datasetMiB: { min: 1, max: 1024 },
  /** How long one timer may wait, in milliseconds (a `sleep`, a lock's timeout): what a Node timer holds. */
  timerMs: { min: 0, max: MAX_TIMER_MS },
} as const satisfies Record<string, Range>;

/** The default number of workers: one per core Node may use, at most `LIMITS.workers.max`. */
export function defaultWorkerCount(): number {
  return Math.min(availableParallelism(), LIMITS.workers.max);
}

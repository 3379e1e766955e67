/** Errors the runbook raises on purpose, gathered so callers can tell them apart with `instanceof`. */

/** A task sent to a worker failed; `index` is the position of its item in the input. */
export class TaskError extends Error {
  override name = 'TaskError';
  constructor(
    readonly index: number,
    message: string,
    readonly workerStack?: string,
  ) {
    super(`item ${index}: ${message}`);
    if (workerStack) this.stack = `${this.name}: ${this.message}\n--- in worker ---\n${workerStack}`;
  }
}

/** A worker thread died (crash, `process.exit`, out of memory) instead of answering. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/**
 * Work was cancelled through an AbortSignal; `cause` holds the signal's reason. Every cancellable
 * call of the runbook (`sleep`, `parallelMap`, …) rejects with this one shape.
 */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }

  /** The error for an aborted `signal`, its reason as `cause`. */
  static from(signal: AbortSignal): AbortError {
    return new AbortError('The operation was aborted', { cause: signal.reason });
  }
}

/** A lock was not acquired within its timeout: the usual sign of a deadlock. */
export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/**
 * A job named a task its worker was not started with: nothing of it ran. A worker runs the built-in
 * tasks and the task modules its owner listed (`taskFiles`, `runbook worker --tasks FILE`), nothing else.
 */
export class TaskNotAllowedError extends Error {
  override name = 'TaskNotAllowedError';
}

/**
 * What came back from a worker is not an answer to the chunk it was given (wrong item count, wrong
 * shape, too large): the map fails with this, naming the job; the pool stays usable.
 */
export class WorkerResultError extends Error {
  override name = 'WorkerResultError';
}

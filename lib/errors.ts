/** Errors the runbook raises on purpose, gathered so callers can tell them apart with `instanceof`. */

/** A task sent to a worker failed; `index` is the position of its item in the input. */
export class TaskError extends Error {
  override name = 'TaskError';
  constructor(readonly index: number, message: string, readonly workerStack?: string) {
    super(`item ${index}: ${message}`);
    if (workerStack) this.stack = `${this.name}: ${this.message}\n--- in worker ---\n${workerStack}`;
  }
}

/** A worker thread died (crash, `process.exit`, out of memory) instead of answering. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/** Work was cancelled through an AbortSignal. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted') {
    super(message);
  }
}

/** A lock was not acquired within its timeout: the usual sign of a deadlock. */
export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/** A tool the runbook needs (Jupyter, a browser) is not installed. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/**
 * A pool worker's first and last moments, the same for a thread, a child process and a queue worker:
 * it is ready when it first answers, unless it exits before; and it is stopped by a signal, SIGKILL
 * if it has not gone within a timeout, and only counted stopped once it has exited.
 */
import type { ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { WorkerCrashError } from '../errors';

/** How a worker ended, for a message: the signal that killed it, or its exit code. */
export function describeExit(code: number | null, signal?: NodeJS.Signals | null): string {
  return signal ?? `code ${code}`;
}

/**
 * `ready`, or a WorkerCrashError if `worker` (a Worker or a ChildProcess) exits or fails first.
 * @param what the worker, for the message: `A worker thread`, `A pool process`.
 * @example await readyOrExit(child, once(child, 'message'), 'A pool process');
 */
export function readyOrExit<T>(worker: EventEmitter, ready: Promise<T>, what: string): Promise<T> {
  let onExit = (_code: number | null, _signal?: NodeJS.Signals | null) => {};
  let onError = (_error: Error) => {};
  const ended = new Promise<never>((_, reject) => {
    onExit = (code, signal) =>
      reject(new WorkerCrashError(`${what} exited (${describeExit(code, signal)}) before it was ready`));
    onError = (error) => reject(new WorkerCrashError(`${what} failed before it was ready: ${error.message}`));
  });
  worker.once('exit', onExit);
  worker.once('error', onError);
  return Promise.race([ready, ended]).finally(() => {
    worker.off('exit', onExit);
    worker.off('error', onError);
  });
}

/**
 * Send `signal` to every process of the group `pid` leads: a queue worker and the sandboxed
 * processes BullMQ started for it go together, as a machine's would. Nothing happens if it is gone.
 */
export function killProcessGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

/** Whether a child process has exited (or never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

/**
 * Stop `child` with `signal` (to its whole process group with `group`), SIGKILL after `timeoutMs` if
 * it is still there; resolves once it has exited.
 * @example await stopChildProcess(child, { signal: 'SIGTERM', timeoutMs: 2_000 });
 */
export async function stopChildProcess(
  child: ChildProcess,
  {
    signal = 'SIGKILL',
    timeoutMs = 2_000,
    group = false,
  }: { signal?: NodeJS.Signals; timeoutMs?: number; group?: boolean } = {},
): Promise<void> {
  const send = (sent: NodeJS.Signals) => (group ? killProcessGroup(child.pid!, sent) : child.kill(sent));
  // A group outlives its leader: what the leader started goes even when the leader itself is gone.
  if (group && child.pid !== undefined) send(signal);
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!group) send(signal);
  const escalation = signal === 'SIGKILL' ? undefined : setTimeout(() => send('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(escalation);
}

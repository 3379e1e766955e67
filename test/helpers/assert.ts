import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { osThreadCount } from '../../lib';

/**
 * Assert that `promise` rejects with an error matching `check` (a class, or a RegExp on the
 * message); returns the error.
 */
export async function rejects(
  promise: Promise<unknown>,
  check: RegExp | (new (...args: never[]) => Error),
): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    const err = error as Error;
    if (check instanceof RegExp) assert.match(err.message, check);
    else assert.instance(err, check);
    return err;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

/** What keeps the event loop alive now (sockets, servers, timers…), as Node names them. */
export function activeResources(): string[] {
  // The runner's own stdio is not ours to close.
  return process.getActiveResourcesInfo().filter((name) => !['TTYWrap', 'PipeWrap', 'FSReqCallback'].includes(name));
}

/**
 * Count this process's threads now; the returned check asserts that no worker was left behind since,
 * after `settleMs` (terminated workers leave a moment after terminate() resolves). One thread of
 * slack: V8 and libuv start helper threads of their own, while one leaked pool adds two.
 */
export function threadBaseline(): (settleMs?: number) => Promise<void> {
  const baseline = osThreadCount();
  return async (settleMs = 200) => {
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const now = osThreadCount();
    assert.ok(now < baseline + 2, `${now} threads, ${baseline} before`);
  };
}

/**
 * Wait until `ok()` holds, checking every 10 ms, for at most `timeoutMs`: closed handles leave Node's
 * list a loop turn or more after their close resolves, later still on a busy machine.
 * @returns whether it came true (the caller asserts, with its own message).
 */
export async function until(ok: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/**
 * Count the sockets, servers and timers open now; the returned check asserts, polling briefly, that
 * no more are open than then. For a test whose neighbours in the same process (uvu runs every file
 * in one) may still be closing something of theirs for a moment: it counts only its own.
 */
export function openBaseline(pattern = /TCP|Timeout|Process|Pipe/): () => Promise<void> {
  const count = () => activeResources().filter((name) => pattern.test(name)).length;
  const before = count();
  return async () => {
    await until(() => count() <= before);
    assert.ok(count() <= before, `open now: ${activeResources().join(', ')}; ${before} of those before`);
  };
}

/** Assert that no socket, server or timer of the test is left open, polling briefly for closes in progress. */
export async function assertNothingOpen(pattern = /TCP|Timeout|Process|Pipe/): Promise<void> {
  await until(() => !activeResources().some((name) => pattern.test(name)));
  assert.equal(
    activeResources().filter((name) => pattern.test(name)),
    [],
  );
}

/**
 * Run `fn` while watching, every few milliseconds, whether this process listens on a TCP server:
 * an experiment that measures a client must talk to a server in another process.
 * @returns fn's result and whether a server was ever seen listening here.
 */
export async function watchForServers<T>(fn: () => Promise<T>): Promise<{ result: T; sawServer: boolean }> {
  let sawServer = false;
  const watcher = setInterval(() => {
    sawServer ||= process.getActiveResourcesInfo().includes('TCPServerWrap');
  }, 2);
  try {
    return { result: await fn(), sawServer };
  } finally {
    clearInterval(watcher);
  }
}

/** This process's child processes now (but the `ps` that lists them): what a test expects gone. */
export function childProcesses(): number[] {
  const out = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout.trim();
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, command]) => pid && command !== 'ps')
    .map(([pid]) => Number(pid));
}

/** `promise`, or a rejection naming `what` after `ms`: a test of "never hangs" fails instead of hanging. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

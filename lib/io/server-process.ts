/**
 * A server in a child process of its own (the latency server, a node:cluster primary): started with
 * `node ARGS`, ready once it prints its first line (a port, a URL), stopped by SIGTERM, SIGKILL after
 * two seconds. The child also stops when its stdin pipe ends, which it does when this process dies.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { WorkerCrashError } from '../errors';
import { track } from '../running';
import { readyOrExit, stopChildProcess } from '../cpu/worker-lifecycle';

/** How long a server process may take to print its first line, by default. */
export const SERVER_START_TIMEOUT_MS = 15_000;

/** How long a server process may take to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 2_000;

/** A started server process. */
export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The first line it printed: what it listens on. */
  readonly firstLine: string;
  /** Resolves once it has exited and its pipes have closed (all it wrote to stderr is read). */
  readonly exited: Promise<void>;
  /** Stop it (SIGTERM, SIGKILL after two seconds) and wait until it has exited; idempotent. */
  close(): Promise<void>;
}

export interface ServerProcessOptions {
  /** The process, for messages: `The latency server process`. */
  what: string;
  /** Open an IPC channel (structured clone), for a parent that asks the server questions. */
  ipc?: boolean;
  /** Stop it and reject if it has not printed its first line within this (default 15 s). */
  startTimeoutMs?: number;
}

/**
 * Run `node ...args` and resolve once it prints its first line. Registered with `stopEverything`
 * until closed. A child that exits first rejects with a `WorkerCrashError` that carries its stderr
 * (where a server says which option it refused); one that stays silent past `startTimeoutMs` is
 * stopped and rejects. Either way nothing is left running.
 * @example
 * const server = await startServerProcess([workerFile('latency-server-process'), '{}'], {
 *   what: 'The latency server process',
 * });
 * try { console.log(server.firstLine); } finally { await server.close(); }
 */
export async function startServerProcess(
  args: readonly string[],
  { what, ipc = false, startTimeoutMs = SERVER_START_TIMEOUT_MS }: ServerProcessOptions,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    serialization: 'advanced',
  }) as ChildProcessWithoutNullStreams;
  // 'close', not 'exit': it also waits for the child's pipes to shut, so nothing is left open.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // What it writes to stderr before it is ready goes into the error; later output is drained, not kept.
  let stderr = '';
  const collect = (text: string) => {
    stderr += text;
  };
  child.stderr.setEncoding('utf8').on('data', collect);
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      await stopChildProcess(child, { signal: 'SIGTERM', timeoutMs: STOP_GRACE_MS });
      await exited;
      forget();
    })();
    return closed;
  };
  const forget = track(close);
  let startTimer: NodeJS.Timeout | undefined;
  const printed = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    // Nothing hangs: a server that never says it listens is an error, and is stopped.
    startTimer = setTimeout(
      () => reject(new Error(`${what} did not start within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
  });
  try {
    const firstLine = await readyOrExit(child, printed, what);
    child.stderr.off('data', collect).resume();
    return { child, firstLine, exited, close };
  } catch (error) {
    await close();
    const said = stderr.trim();
    throw error instanceof WorkerCrashError && said ? new WorkerCrashError(`${error.message}: ${said}`) : error;
  } finally {
    clearTimeout(startTimer);
  }
}

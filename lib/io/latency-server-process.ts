/**
 * The latency server in a process of its own: the client's CPU time is then measured alone, and the
 * server gets the other core, as a remote site has a machine of its own.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import type { AnswerTiming, LatencyServerOptions } from './latency-server';
import { workerFile } from '../files';
import { track } from '../running';

/** The counts a latency server keeps (see `LatencyServer`), and its process's own CPU time and memory. */
export interface LatencyServerStats extends AnswerTiming {
  requestCount: number;
  peakConnections: number;
  refusedConnections: number;
  maxConnections: number;
  exactLatency: boolean;
  writingCount: number;
  /** The server process's CPU time (user + system) since it started: take two and divide by the answers between. */
  cpuMs: number;
  /** The server process's resident memory, and what its ArrayBuffers (Buffers) hold of it. */
  rssMiB: number;
  arrayBuffersMiB: number;
}

/** A latency server running in a child process. */
export interface LatencyServerProcess {
  url: string;
  origin: string;
  /** The server's counts now, asked of the child. */
  stats(): Promise<LatencyServerStats>;
  /** Stop the child (killed if it has not stopped within two seconds) and wait for it to exit. */
  close(): Promise<void>;
}

/** JSON has no Infinity (it would arrive as null): an unlimited option travels as the string, revived by the child. */
const infinityAsText = (_key: string, value: unknown) => (value === Infinity ? 'Infinity' : value);

/**
 * Start `startLatencyServer(options)` in a child process; resolves once it listens. The process only
 * serves, so `exactLatency` is on unless `options` turn it off.
 * Options are checked in the child: a bad one rejects with the child's message.
 * @example const server = await startLatencyServerProcess({ latencyMs: 100 });
 *   try { await downloadAll(pageUrls(server.url, 500)); } finally { await server.close(); }
 */
export async function startLatencyServerProcess(options: LatencyServerOptions = {}): Promise<LatencyServerProcess> {
  const child = spawn(process.execPath, [workerFile('latency-server-process'), JSON.stringify({ exactLatency: true, ...options }, infinityAsText)], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' }) as ChildProcessWithoutNullStreams;
  // 'close', not 'exit': it also waits for the child's pipes to shut, so nothing is left open.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    exited.then((code) => reject(new Error(`latency server process exited with ${code}: ${stderr.trim()}`)));
  }).catch((error: Error) => {
    child.stdin.destroy();
    throw error;
  });
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      child.stdin.end();
      // A child that does not stop within two seconds is killed: closing never hangs.
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(killer);
      forget();
    })();
    return closed;
  };
  const forget = track(close);
  return {
    url,
    origin: new URL(url).origin,
    stats() {
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error('the latency server process has stopped'));
        child.once('message', (stats) => resolve(stats as LatencyServerStats));
        // A child that exits before it answers would leave the promise waiting for ever.
        exited.then(() => reject(new Error('the latency server process stopped before it answered')));
        child.send('stats');
      });
    },
    close,
  };
}

/**
 * Run `fn` with a latency server in a process of its own, stopped afterwards, also when `fn` throws:
 * what `fn` measures is the client alone, as against a remote site.
 * @example await withLatencyServerProcess({ latencyMs: 100 }, (server) => downloadAll(pageUrls(server.url, 50)));
 */
export async function withLatencyServerProcess<T>(options: LatencyServerOptions, fn: (server: LatencyServerProcess) => Promise<T>): Promise<T> {
  const server = await startLatencyServerProcess(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * The latency server in a process of its own: the client's CPU time is then measured alone, and the
 * server gets the other core, as a remote site has a machine of its own.
 */
import type { AnswerTiming, LatencyServerOptions } from './latency-server';
import { startServerProcess } from './server-process';
import { workerFile } from '../files';
import { usingStarted } from '../using-started';

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
  /** Stop the child (SIGTERM, killed if it has not stopped within two seconds) and wait for it to exit. */
  close(): Promise<void>;
}

/** JSON has no Infinity (it would arrive as null): an unlimited option travels as the string, revived by the child. */
const infinityAsText = (_key: string, value: unknown) => (value === Infinity ? 'Infinity' : value);

/**
 * Start `startLatencyServer(options)` in a child process; resolves once it listens. The process only
 * serves, so `exactLatency` is on unless `options` turn it off.
 * Options are checked in the child: a bad one rejects with the child's message. A child that has
 * not listened within `SERVER_START_TIMEOUT_MS` (15 s) is stopped, and rejects.
 * @example const server = await startLatencyServerProcess({ latencyMs: 100 });
 *   try { await downloadAll(pageUrls(server.url, 500)); } finally { await server.close(); }
 */
export async function startLatencyServerProcess(options: LatencyServerOptions = {}): Promise<LatencyServerProcess> {
  const args = [
    workerFile('latency-server-process'),
    JSON.stringify({ exactLatency: true, ...options }, infinityAsText),
  ];
  const {
    child,
    firstLine: url,
    exited,
    close,
  } = await startServerProcess(args, { what: 'The latency server process', ipc: true });
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
export function withLatencyServerProcess<T>(
  options: LatencyServerOptions,
  fn: (server: LatencyServerProcess) => Promise<T>,
): Promise<T> {
  return usingStarted(startLatencyServerProcess(options), fn);
}

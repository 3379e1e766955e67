/**
 * The guide's closing advice, measured: thousands of connections at once, each a GET answered after
 * the latency by the server in its own process. Each client runs in a fresh process of its own, so
 * its CPU time and peak memory are its alone: Node's event loop, CPython's asyncio, and CPython with
 * a thread per connection (as the guide's one-thread-per-URL script does).
 */
import { execFile } from 'node:child_process';
import { checkWholeList } from '../check-range';
import { workerFile, sourceFile } from '../files';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { track } from '../running';
import type { ProgressCallback } from '../progress';
import { chosenPython } from './python-interpreter';

export interface ConnectionsRow {
  runtime: string;
  connections: number;
  wallMs: number;
  /** The client's CPU time (user + system) per request. */
  cpuMsPerRequest: number;
  /** The client process's peak resident memory. */
  peakRssMiB: number;
  failed: number;
  /** The first failure's message, if any: what ran out (file descriptors, ports, threads). */
  firstError: string | null;
}

type ClientReport = {
  runtime?: string;
  connections: number;
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  failed: number;
  firstError: string | null;
};

/** The most connections one run may open: the ephemeral ports of 127.0.0.1 and the file-descriptor limit bound it. */
export const MAX_CONNECTIONS_AT_ONCE = 20_000;

/**
 * Run one client process to its JSON line; it is killed on an interrupt. The file-descriptor soft
 * limit is raised to the hard one first.
 */
function runClient(command: string, args: string[]): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const script = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
    const child = execFile(
      'sh',
      ['-c', script, command, ...args],
      { maxBuffer: 1 << 20, timeout: 600_000 },
      (error, stdout, stderr) => {
        forget();
        if (error)
          return reject(
            new Error(`${command} ${args[0]} failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`),
          );
        resolve(JSON.parse(stdout) as ClientReport);
      },
    );
    const forget = track(async () => {
      child.kill('SIGKILL');
    });
  });
}

/**
 * For each count: Node, CPython asyncio and CPython threads (on the chosen Python, when one runs here) open that many
 * connections at once against one latency server. Failures are data: a row says how many failed and why.
 * @example const rows = await connectionsComparison({ counts: [1000, 5000] });
 */
export async function connectionsComparison({
  counts = [1000, 5000],
  latencyMs = 200,
  bytes = 1024,
  onProgress,
}: {
  counts?: number[];
  latencyMs?: number;
  bytes?: number;
  onProgress?: ProgressCallback;
} = {}): Promise<ConnectionsRow[]> {
  checkWholeList('counts', counts, { min: 1, max: MAX_CONNECTIONS_AT_ONCE });
  const clients: Array<[string, string, (url: string, count: number) => string[]]> = [
    [
      `Node ${process.versions.node} event loop`,
      process.execPath,
      (url, count) => [workerFile('connections-client'), url, String(count)],
    ],
  ];
  // The same Python as every other comparison (`chosenPython`), not whatever python3 is on PATH.
  const python = chosenPython();
  if (python) {
    for (const mode of ['asyncio', 'threads'])
      clients.push([
        '',
        python.executable,
        (url, count) => [sourceFile('experiments/connections.py'), mode, url, String(count)],
      ]);
  }
  const rows: ConnectionsRow[] = [];
  await withLatencyServerProcess({ latencyMs, bytes }, async (server) => {
    let step = 0;
    for (const count of counts) {
      for (const [name, command, args] of clients) {
        const report = await runClient(command, args(server.url, count));
        rows.push({
          runtime: report.runtime ?? name,
          connections: count,
          wallMs: report.wallMs,
          cpuMsPerRequest: report.cpuMs / count,
          peakRssMiB: report.peakRssMiB,
          failed: report.failed,
          firstError: report.firstError,
        });
        onProgress?.(++step, counts.length * clients.length);
      }
    }
  });
  return rows;
}

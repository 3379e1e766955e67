/**
 * How a Node server uses every core: node:cluster runs the same HTTP server in several processes on
 * one port, the way gunicorn's `-w N` runs several Python workers. Here the cluster runs in a child
 * process of its own (its primary and workers), so the measuring process is the client alone.
 */
import { checkWhole } from '../check-range';
import { workerFile } from '../files';
import { LIMITS } from '../limits';
import { startServerProcess } from '../io/server-process';
import { usingStarted } from '../using-started';

/** A node:cluster HTTP server on 127.0.0.1 whose every request computes `sumOfSquares(n)`. */
export interface ClusterServer {
  url: string;
  processes: number;
  /** The primary's process id (its workers' ids come with their answers). */
  pid: number;
  /** Stop the primary and its workers (killed if they have not stopped within two seconds). */
  close(): Promise<void>;
}

/**
 * Start a cluster of `processes` server processes sharing one port; resolves once all listen.
 * Registered with `stopEverything`, so an interrupt stops it; it also stops when this process dies.
 * A cluster that has not listened within `SERVER_START_TIMEOUT_MS` (15 s) is stopped, and rejects.
 * @example const server = await startClusterServer({ processes: 2, n: 1_000_000 });
 *   try { await fetch(server.url); } finally { await server.close(); }
 */
export async function startClusterServer({ processes, n }: { processes: number; n: number }): Promise<ClusterServer> {
  checkWhole('processes', processes, LIMITS.workers);
  checkWhole('n', n, { min: 0, max: 100_000_000 });
  const args = [workerFile('cluster-primary'), JSON.stringify({ processes, n })];
  const { child, firstLine: port, close } = await startServerProcess(args, { what: 'The cluster server' });
  return { url: `http://127.0.0.1:${port}/`, processes, pid: child.pid!, close };
}

/**
 * Run `fn` with a cluster server, stopped afterwards, also when `fn` throws.
 * @example await withClusterServer({ processes: 2, n: 1_000_000 }, (server) => fetch(server.url));
 */
export function withClusterServer<T>(
  options: { processes: number; n: number },
  fn: (server: ClusterServer) => Promise<T>,
): Promise<T> {
  return usingStarted(startClusterServer(options), fn);
}

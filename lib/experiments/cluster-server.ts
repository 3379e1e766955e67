/**
 * How a Node server uses every core: node:cluster runs the same HTTP server in several processes on
 * one port, the way gunicorn's `-w N` runs several Python workers. Here the cluster runs in a child
 * process of its own (its primary and workers), so the measuring process is the client alone.
 */
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { workerFile } from '../files';
import { track } from '../running';

/** How long the primary and all its workers may take to listen. */
const START_TIMEOUT_MS = 15_000;

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
 * @example const server = await startClusterServer({ processes: 2, n: 1_000_000 });
 *   try { await fetch(server.url); } finally { await server.close(); }
 */
export async function startClusterServer({ processes, n }: { processes: number; n: number }): Promise<ClusterServer> {
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new RangeError(`Expected \`processes\` to be a whole number from 1 to 64, got ${processes}`);
  if (!Number.isInteger(n) || n < 0 || n > 100_000_000) throw new RangeError(`Expected \`n\` to be a whole number from 0 to 100000000, got ${n}`);
  const child = spawn(process.execPath, [workerFile('cluster-primary'), JSON.stringify({ processes, n })], { stdio: ['pipe', 'pipe', 'pipe'] });
  // 'close', not 'exit': it also waits for the child's pipes to shut.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(killer);
      forget();
    })();
    return closed;
  };
  const forget = track(close);
  let startTimer: NodeJS.Timeout | undefined;
  try {
    const port = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`the cluster server exited before it listened: ${stderr.trim()}`)));
      // Nothing hangs: a cluster whose workers never all listen is an error, and is stopped.
      startTimer = setTimeout(() => reject(new Error(`the cluster server did not listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    });
    return { url: `http://127.0.0.1:${port}/`, processes, pid: child.pid!, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(startTimer);
  }
}

/**
 * Run `fn` with a cluster server, stopped afterwards, also when `fn` throws.
 * @example await withClusterServer({ processes: 2, n: 1_000_000 }, (server) => fetch(server.url));
 */
export async function withClusterServer<T>(options: { processes: number; n: number }, fn: (server: ClusterServer) => Promise<T>): Promise<T> {
  const server = await startClusterServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * The latency server in a process of its own: the client's CPU time is then measured alone, and the
 * server gets the other core, as a remote site has a machine of its own.
 */
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import type { LatencyServerOptions } from './latency-server';
import { workerFile } from '../files';

/** A latency server running in a child process. */
export interface LatencyServerProcess {
  url: string;
  origin: string;
  /** Stop the child (killed if it has not stopped within two seconds) and wait for it to exit. */
  close(): Promise<void>;
}

/**
 * Start `startLatencyServer(options)` in a child process; resolves once it listens.
 * Options are checked in the child: a bad one rejects with the child's message.
 * @example const server = await startLatencyServerProcess({ latencyMs: 100 });
 *   try { await downloadAll(pageUrls(server.url, 500)); } finally { await server.close(); }
 */
export async function startLatencyServerProcess(options: LatencyServerOptions = {}): Promise<LatencyServerProcess> {
  const child = spawn(process.execPath, [workerFile('latency-server-process'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
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
  return {
    url,
    origin: new URL(url).origin,
    async close() {
      child.stdin.end();
      // A child that does not stop within two seconds is killed: closing never hangs.
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

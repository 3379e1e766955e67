/** Child processes the benchmarks compare against or measure from outside: our server, and python3. */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const CLI = path.join(__dirname, '..', 'cli', 'main.js');

export interface ChildServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `runbook serve` in its own process: the client's CPU is then measured alone, and the server has
 * the other core — as a remote site would have its own machine.
 */
export async function startServerProcess(args: string[]): Promise<ChildServer> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`runbook serve exited with ${code} before printing its URL`)));
  });
  return {
    url,
    close() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

export const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

/** Run one of bench/python/*.py and parse the JSON line it prints; null without python3. */
export function runPython<T>(script: string, args: string[]): T | null {
  if (!hasPython) return null;
  const scriptPath = path.join(__dirname, '..', '..', 'bench', 'python', script);
  const result = spawnSync('python3', [scriptPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`python3 ${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

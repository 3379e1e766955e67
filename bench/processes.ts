/** python3, which the benchmarks compare against when it is there. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

/** Run one of bench/python/*.py and parse the JSON line it prints; null without python3. */
export function runPython<T>(script: string, args: string[]): T | null {
  if (!hasPython) return null;
  const scriptPath = path.join(__dirname, '..', '..', 'bench', 'python', script);
  const result = spawnSync('python3', [scriptPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`python3 ${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

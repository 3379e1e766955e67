import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as assert from 'uvu/assert';

export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/** Run `runbook ARGS…` to completion: exit code and output. */
export function runbook(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Start `runbook ARGS…` in the background (for commands that run until interrupted). */
export function startRunbook(...args: string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Each `[args, message]`: `runbook ...args` exits 2 and its error output names the problem. */
export function assertUsageErrors(cases: Array<[string[], string]>): void {
  for (const [args, message] of cases) {
    const { status, stderr } = runbook(...args);
    assert.is(status, 2, args.join(' '));
    assert.match(stderr, message);
  }
}

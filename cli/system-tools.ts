/**
 * System tools the runbook needs and does not install itself (Chromium for the browser tests,
 * Debian's jupyter_kernel_test): found, or named in one clear message. Nothing here runs apt-get:
 * `.ci/run` installs them explicitly, a person is told what to install.
 */
import { spawnSync } from 'node:child_process';
import { hasRedisServer } from '../lib/queue/redis-server';

/** A tool the runbook needs (a browser, a Python package) is not installed, and could not be installed. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/** True when `command args…` runs and exits 0. */
export function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

/** A tool the runbook needs from the system, and how to get it. */
export interface SystemTool {
  name: string;
  isPresent(): boolean;
  /** The Debian packages that provide it (what `.ci/run` installs). */
  debianPackages: string[];
  /** What to tell a user who has neither. */
  otherwise: string;
}

/** Make sure a system tool is there; otherwise throw one message naming what to install. */
export function ensureTool(tool: SystemTool): void {
  if (tool.isPresent()) return;
  throw new MissingToolError(
    `${tool.name} is missing. Debian/Ubuntu: apt-get install ${tool.debianPackages.join(' ')}. ${tool.otherwise}`,
  );
}

/** Debian's Redis, which the queue pool starts itself on 127.0.0.1 (notebook 08, `map --pool redis`). */
export const REDIS_SERVER: SystemTool = {
  name: 'redis-server',
  isPresent: hasRedisServer,
  debianPackages: ['redis-server'],
  otherwise: 'Elsewhere: install Redis 7 so that redis-server is on the PATH, or pass --redis URL of a Redis you run.',
};

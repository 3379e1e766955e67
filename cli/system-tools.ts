/** System tools the runbook needs (Jupyter, Chromium): found, installed with apt-get as root, or named. */
import { spawnSync } from 'node:child_process';

/** A tool the runbook needs (Jupyter, a browser) is not installed, and could not be installed. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/** True when `command args…` runs and exits 0. */
export function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new MissingToolError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

/** A tool the runbook needs from the system, and how to get it. */
export interface SystemTool {
  name: string;
  isPresent(): boolean;
  debianPackages: string[];
  /** What to tell a user who can't apt-get. */
  otherwise: string;
}

/**
 * Make sure a system tool is there: as root with apt-get, install its Debian packages; otherwise
 * throw one message naming what to install. Never continues half set up.
 */
export function ensureTool(tool: SystemTool, log: (line: string) => void = console.error): void {
  if (tool.isPresent()) return;
  if (isRoot() && succeeds('apt-get', ['--version'])) {
    log(`${tool.name} is missing: installing Debian packages ${tool.debianPackages.join(' ')} …`);
    run('apt-get', ['update', '-q']);
    run('apt-get', ['install', '-y', '-q', ...tool.debianPackages]);
    if (tool.isPresent()) return;
    throw new MissingToolError(`apt-get installed ${tool.debianPackages.join(' ')}, but ${tool.name} still does not run`);
  }
  throw new MissingToolError(`${tool.name} is missing. ${tool.otherwise}`);
}

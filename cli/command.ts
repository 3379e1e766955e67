/** What every `runbook` subcommand is: its options, its usage line, and what it does. */
import type { OptionValues } from './args';

/** `node:util` parseArgs options, as each command declares them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/**
 * The options of a command, as parseArgs wants them: those that take a value (`--workers 4`), then flags (`--json`).
 * @example declareOptions(['workers', 'n'], ['json', 'plot'])
 */
export function declareOptions(valued: readonly string[], flags: readonly string[] = []): OptionSpec {
  return Object.fromEntries([
    ...valued.map((name) => [name, { type: 'string' as const }]),
    ...flags.map((name) => [name, { type: 'boolean' as const }]),
  ]);
}

export interface Command {
  usage: string;
  summary: string;
  options: OptionSpec;
  positionals?: boolean;
  /**
   * How Ctrl-C reaches the command. `supervised` (the default): it runs in a child process that is
   * stopped within a second, exit 130 (see supervisor.ts). `normal-stop`: supervised, but Ctrl-C is its
   * way to end (serve): its own exit code stands. `own`: it runs in this process and handles Ctrl-C itself (lab).
   */
  interrupt?: 'supervised' | 'normal-stop' | 'own';
  /**
   * Resolves with the exit code. The lib's experiments and mechanisms it uses are required in here,
   * not at the top of the command's module: `runbook --help` and the parent that supervises every
   * command load all the command modules, and stay free of BullMQ, threads.js, sanitize-html…
   * (test/cli-help.ts). The top keeps what usage, options and argument checks need, from light modules.
   */
  run(values: OptionValues, positionals: string[]): Promise<number>;
}

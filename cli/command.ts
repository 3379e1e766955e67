/** What every `runbook` subcommand is: its options, its usage line, and what it does. */
import type { OptionValues } from './args';

/** `node:util` parseArgs options, as each command declares them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface Command {
  usage: string;
  summary: string;
  options: OptionSpec;
  positionals?: boolean;
  /** Resolves with the exit code. */
  run(values: OptionValues, positionals: string[]): Promise<number>;
}

#!/usr/bin/env node
/** The `runbook` command line: the notebooks' experiments, headless. */
import { parseArgs } from 'node:util';
import { UsageError } from './args';
import { commands } from './commands';

const USAGE = `usage: runbook <command> [options]

commands:
${Object.values(commands).map((command) => `  runbook ${command.usage}\n      ${command.summary}`).join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return command.run(parsed.values, parsed.positionals);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: Error) => {
    const usage = error instanceof UsageError || error instanceof RangeError || error instanceof TypeError;
    process.stderr.write(`runbook: ${error.message}\n${usage ? `\n${USAGE}` : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);

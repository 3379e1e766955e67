#!/usr/bin/env node
/**
 * The `runbook` command line: the notebooks' experiments, headless.
 * This process, and the parent that supervises every command, loads only light modules: each command
 * loads the lib's experiments (and BullMQ, threads.js, sanitize-html…) inside its `run` (test/cli-help.ts).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './args';
import { commands } from './commands';
import { handOverRedisUrl } from './redis-option';
import { watchProgress } from '../lib/notebook/progress';
import { stopEverything } from '../lib/running';
import { type ChildMessage, superviseCommand, SUPERVISED_ENV } from './supervisor';

const USAGE = `usage: runbook <command> [options]

commands:
${Object.values(commands)
  .map((command) => `  runbook ${command.usage}\n      ${command.summary}`)
  .join('\n')}
`;

/** node:util's parseArgs errors, said in the runbook's words: the flag, what it expects, what was given. */
function commandLineProblem(error: Error & { code?: string }, usage: string): string {
  const flag = /'(--?[\w-]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    if (/ambiguous/.test(error.message))
      return `${flag} expects a value; for one that starts with "-", write ${flag}=VALUE`;
    if (/missing/.test(error.message)) return `${flag} expects a value, got none`;
    if (/does not take an argument/.test(error.message)) return `${flag} is a switch and takes no value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag} (runbook ${usage})`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}: runbook ${usage}`;
  return error.message;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  // `runbook map --help`: that command's usage and summary, as a person asking for help expects.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: runbook ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(commandLineProblem(error as Error & { code?: string }, command.usage));
  }
  // A password in --redis goes on through the environment; what is handed on carries it masked.
  const handedOn = handOverRedisUrl(argv, parsed.values);
  if (command.interrupt !== 'own' && process.env[SUPERVISED_ENV] !== '1') {
    return superviseCommand(__filename, handedOn, command.interrupt === 'normal-stop');
  }
  if (process.send) forwardProgressAndStopOnInterrupt(command.interrupt === 'normal-stop');
  return command.run(parsed.values, parsed.positionals);
}

/**
 * In a supervised child: progress goes to the parent, which reports it on an interrupt; an
 * interrupt stops every pool and server process this run started, then exits 130.
 */
function parentGone(): void {
  void stopEverything().finally(() => process.exit(130));
}

function forwardProgressAndStopOnInterrupt(commandHandlesInterrupt: boolean): void {
  watchProgress((progress) => process.send?.({ progress } satisfies ChildMessage));
  // A parent that is gone (killed outright) leaves no one to report to: stop, rather than run on unseen.
  process.once('disconnect', parentGone);
  if (commandHandlesInterrupt) return;
  process.on('SIGINT', () => {
    // A part of the command that listens for Ctrl-C itself (a --plot chart) ends the command its own way.
    if (process.listenerCount('SIGINT') > 1) return;
    void stopEverything().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      const usage = error instanceof UsageError || error instanceof RangeError || error instanceof TypeError;
      process.stderr.write(`runbook: ${error.message}\n${usage ? `\n${USAGE}` : ''}`);
      process.exitCode = usage ? 2 : 1;
    },
  )
  .finally(() => {
    // A supervised child is done: let go of the parent's channel, which would keep this process alive.
    process.off('disconnect', parentGone);
    if (process.connected) process.disconnect();
  });

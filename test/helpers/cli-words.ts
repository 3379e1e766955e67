/** `runbook` called with its arguments written as one line of words, so a test reads like the command it runs. */
import * as assert from 'uvu/assert';
import { runbook } from './cli';

/** `line` split at spaces: the words of a command line (none of them holds a space). */
export function words(line: string): string[] {
  return line.split(' ').filter((word) => word !== '');
}

/** Run `runbook LINE`: exit code and output. */
export function runbookLine(line: string): ReturnType<typeof runbook> {
  return runbook(...words(line));
}

/** Run `runbook LINE --json`, assert it exits 0 (showing its error output if not) and return its parsed report. */
// biome-ignore lint/suspicious/noExplicitAny: a report's shape is what each test asserts.
export function runbookJson(line: string): any {
  const { status, stdout, stderr } = runbookLine(`${line} --json`);
  assert.is(status, 0, stderr);
  return JSON.parse(stdout);
}

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertUsageErrors, runbook } from './helpers/cli';
import { runbookJson } from './helpers/cli-words';

test('race --json: expected, counted and lost add up; a lock loses nothing', () => {
  const report = runbookJson('race --mode async-mutex --workers 3 --increments 100');
  assert.equal([report.expected, report.actual, report.lost], [300, 300, 0]);
});

test('race: threads count 5 million each by default (long enough to overlap), async tasks a million rounds', () => {
  const threads = JSON.parse(runbook('race', '--mode', 'atomics', '--json').stdout);
  assert.equal([threads.expected, threads.lost], [10_000_000, 0]);
  const tasks = JSON.parse(runbook('race', '--mode', 'async-mutex', '--workers', '1', '--json').stdout);
  assert.equal([tasks.expected, tasks.lost], [1_000_000, 0]);
});

test('race: counts that the counter or the run cannot hold are refused by flag before anything starts', () => {
  assertUsageErrors([
    [
      ['race', '--workers', '64', '--increments', '100000000'],
      '--workers × --increments must stay within 2147483647 for --mode plain, got 64 × 100000000',
    ],
    [
      ['race', '--mode', 'async', '--workers', '10000', '--increments', '100000'],
      '--workers × --increments must stay within 100000000 for --mode async',
    ],
    [['race', '--workers', '65'], '--workers expects a whole number from 1 to 64'],
    [['race', '--mode', 'racy'], '--mode expects one of async, async-mutex, plain, atomics, mutex'],
  ]);
});

test.run();

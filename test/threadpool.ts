import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { threadpoolSweep } from '../lib';
import { rejects } from './helpers/assert';
import { assertUsageErrors, runbook } from './helpers/cli';

// Ratios within one run, on any number of cores: a pool of one runs the hashes one after another.
test('a pool of one thread runs the hashes one after another; a lookup asked meanwhile waits behind them', async () => {
  const [one, four] = await threadpoolSweep({ sizes: [1, 4], tasks: 4, iterations: 20_000 });
  assert.equal([one.size, four.size], [1, 4]);
  assert.ok(one.wallMs >= 4 * one.oneHashMs * 0.8, `pool of 1: ${one.wallMs.toFixed(0)} ms for 4 hashes of ${one.oneHashMs.toFixed(0)} ms`);
  assert.ok(one.lookupWhileBusyMs >= 3 * one.oneHashMs * 0.8, `a lookup queued behind 4 hashes on 1 thread waited ${one.lookupWhileBusyMs.toFixed(0)} ms`);
  assert.ok(four.wallMs < one.wallMs, `pool of 4 (${four.wallMs.toFixed(0)} ms) no faster than pool of 1 (${one.wallMs.toFixed(0)} ms)`);
});

test('bad sizes are refused by name; the CLI says it with the flag, and --json has a row per size', async () => {
  await rejects(threadpoolSweep({ sizes: [0] }), /`sizes` to list pool sizes from 1 to 128/);
  await rejects(threadpoolSweep({ tasks: 0 }), /`tasks`/);
  assertUsageErrors([[['threadpool', '--sizes', '1,,2'], '--sizes expects'], [['threadpool', '--tasks', '5000'], '--tasks expects a whole number from 1 to 1000']]);
  const { status, stdout, stderr } = runbook('threadpool', '--sizes', '2', '--tasks', '2', '--json');
  assert.is(status, 0, stderr);
  const { rows } = JSON.parse(stdout);
  assert.equal(rows.map((row: { size: number }) => row.size), [2]);
  assert.ok(rows[0].wallMs > 0);
});

test.run();

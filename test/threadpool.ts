import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { threadpoolSweep } from '../lib';
import { rejects } from './helpers/assert';
import { assertUsageErrors, runbook } from './helpers/cli';

// Orders, not speeds: what ended before what, and how many pool threads did the hashing. Each holds
// with a core taken by another program; a hash of 100,000 iterations is tens of milliseconds of CPU,
// so a woken pool thread has time to take its hash before a busy one could take it too.
test('a pool of one thread runs the hashes one by one; a lookup asked meanwhile waits behind all of them', async () => {
  const [one] = await threadpoolSweep({ sizes: [1], tasks: 4, iterations: 100_000 });
  assert.is(one.size, 1);
  assert.is(one.hashEndMs.length, 4);
  // One thread, a first-in first-out queue: hash k ends after hash k − 1, and the lookup after the last.
  assert.ok(
    one.hashEndMs.every((endMs, k) => k === 0 || endMs > one.hashEndMs[k - 1]),
    `ends ${one.hashEndMs.map((ms) => ms.toFixed(0))}`,
  );
  assert.ok(
    one.lookupWhileBusyMs > one.hashEndMs[3],
    `lookup ended at ${one.lookupWhileBusyMs.toFixed(0)} ms, the last hash at ${one.hashEndMs[3].toFixed(0)} ms`,
  );
  if (one.threadsUsed !== null) assert.is(one.threadsUsed, 1, 'threads that hashed');
});

test('a four-thread pool runs four hashes at once on four threads; a lookup waits till the first ends', async () => {
  const [four] = await threadpoolSweep({ sizes: [4], tasks: 4, iterations: 100_000 });
  assert.is(four.size, 4);
  // Every thread busy: the lookup needs one of them back.
  assert.ok(
    four.lookupWhileBusyMs > Math.min(...four.hashEndMs),
    `lookup ended at ${four.lookupWhileBusyMs.toFixed(0)} ms, the first hash ` +
      `at ${Math.min(...four.hashEndMs).toFixed(0)} ms`,
  );
  if (four.threadsUsed !== null) assert.is(four.threadsUsed, 4, 'threads that hashed');
});

test('bad sizes are refused by name; the CLI says it with the flag, and --json has a row per size', async () => {
  await rejects(threadpoolSweep({ sizes: [0] }), /`sizes` to list whole numbers from 1 to 128, got \[0\]/);
  await rejects(threadpoolSweep({ tasks: 0 }), /`tasks`/);
  assertUsageErrors([
    [['threadpool', '--sizes', '1,,2'], '--sizes expects'],
    [['threadpool', '--tasks', '5000'], '--tasks expects a whole number from 1 to 1000'],
  ]);
  const { status, stdout, stderr } = runbook('threadpool', '--sizes', '2', '--tasks', '2', '--json');
  assert.is(status, 0, stderr);
  const { rows } = JSON.parse(stdout);
  assert.equal(
    rows.map((row: { size: number }) => row.size),
    [2],
  );
  assert.ok(rows[0].wallMs > 0);
});

test.run();

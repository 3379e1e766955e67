import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionsComparison } from '../lib';
import { rejects } from './helpers/assert';
import { assertUsageErrors, runbook } from './helpers/cli';
import { hasPython } from './helpers/python';

test('each client opens its connections, gets every answer: Node; CPython asyncio, threads with python3', async () => {
  // 400 MiB resident here: a client forked from this process must not report it as its own peak.
  const ballast = Buffer.alloc(400 * 2 ** 20, 1);
  const rows = await connectionsComparison({ counts: [200], latencyMs: 50 });
  assert.ok(
    rows.every((row) => row.peakRssMiB < 300),
    `peaks: ${rows.map((row) => row.peakRssMiB.toFixed(0)).join(', ')} MiB ` +
      `(this process holds ${ballast.length >> 20} MiB)`,
  );
  assert.is(rows.length, hasPython ? 3 : 1);
  assert.match(rows[0].runtime, /^Node .* event loop$/);
  for (const row of rows) {
    assert.is(row.failed, 0, `${row.runtime}: ${row.firstError}`);
    // Every connection waited the latency, all at once: more than one latency, far less than 200 of them.
    assert.ok(row.wallMs >= 49 && row.wallMs < 200 * 50, `${row.runtime}: ${row.wallMs} ms`);
    assert.ok(row.cpuMsPerRequest > 0 && row.peakRssMiB > 0);
  }
  if (hasPython)
    assert.equal(
      rows.slice(1).map((row) => / (asyncio|threads)/.exec(row.runtime)![1]),
      ['asyncio', 'threads'],
    );
});

test('bad counts are refused by name; the CLI prints { rows } with --json', async () => {
  await rejects(connectionsComparison({ counts: [0] }), /`counts` to list whole numbers from 1 to 20000, got \[0\]/);
  assertUsageErrors([
    [['connections', '--counts', '100000'], '--counts expects up to 8 whole numbers from 1 to 20000'],
  ]);
  const { status, stdout, stderr } = runbook('connections', '--counts', '50', '--json');
  assert.is(status, 0, stderr);
  const { rows } = JSON.parse(stdout);
  assert.ok(
    rows.every((row: Record<string, unknown>) =>
      ['runtime', 'connections', 'wallMs', 'cpuMsPerRequest', 'peakRssMiB', 'failed'].every((key) => key in row),
    ),
  );
});

test.run();

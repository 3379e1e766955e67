import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareClients, idealDownloadMs, sweepConcurrency } from '../lib';
import { rejects } from './helpers/assert';

test('idealDownloadMs: ⌈N/C⌉ rounds of the latency; no more in flight than there are pages', () => {
  assert.is(idealDownloadMs(50, 10, 100), 500);
  assert.is(idealDownloadMs(51, 10, 100), 600);
  assert.is(idealDownloadMs(50, Infinity, 100), 100);
});

test('a sweep reports each level against a server of its own: peaks and refusals per level', async () => {
  const rows = await sweepConcurrency({ pageCount: 40, latencyMs: 20, bytes: 10, levels: [4, Infinity], maxConnections: 10 });
  assert.equal(rows.map((r) => [r.concurrency, r.peakConnections, r.ok, r.refusedConnections]), [[4, 4, 40, 0], [Infinity, 10, 10, 30]]);
  assert.ok(rows.every((r) => r.cpuMsPerPage > 0));
});

test('compareClients: each client fetches every page, with a wall time at or above the ideal and a client CPU per page', async () => {
  const rows = await compareClients({ pageCount: 20, latencyMs: 10, bytes: 1000, concurrency: 5, runs: 1 });
  assert.equal(rows.map((r) => r.client), ['node-fetch', 'builtin', 'node:http']);
  for (const row of rows) {
    assert.is(row.ok, 20);
    assert.is(row.idealMs, 40);
    assert.ok(row.wallMs >= row.idealMs, `${row.client}: ${row.wallMs} ms`);
    assert.is(row.efficiency, row.idealMs / row.wallMs);
    assert.ok(row.cpuMsPerPage > 0);
  }
  await rejects(compareClients({ runs: 0 }), /`runs`/);
});

test.run();

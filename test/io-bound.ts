import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  blockWhileDownloading,
  compareClients,
  downloadTimeline,
  idealDownloadMs,
  strategyGrid,
  sweepConcurrency,
} from '../lib';
import { rejects, watchForServers } from './helpers/assert';

test('idealDownloadMs: ⌈N/C⌉ rounds of the latency; no more in flight than there are pages', () => {
  assert.is(idealDownloadMs(50, 10, 100), 500);
  assert.is(idealDownloadMs(51, 10, 100), 600);
  assert.is(idealDownloadMs(50, Infinity, 100), 100);
});

test('a sweep reports each level against a server of its own: peaks and refusals per level', async () => {
  const rows = await sweepConcurrency({
    pageCount: 40,
    latencyMs: 20,
    bytes: 10,
    levels: [4, Infinity],
    maxConnections: 10,
  });
  assert.equal(
    rows.map((r) => [r.concurrency, r.peakConnections, r.ok, r.refusedConnections]),
    [
      [4, 4, 40, 0],
      [Infinity, 10, 10, 30],
    ],
  );
  assert.ok(rows.every((r) => r.cpuMsPerPage > 0));
  // The ideal from the time the server held each answer: ⌈40/4⌉ rounds of 20 ms plus its median lateness.
  const [bounded] = rows;
  assert.ok(bounded.serverLateP50Ms !== null && bounded.serverLateP50Ms >= 0 && bounded.serverLateP50Ms < 20);
  assert.is(bounded.heldIdealMs, 10 * (20 + bounded.serverLateP50Ms));
  assert.ok(bounded.wallMs >= bounded.heldIdealMs!, `${bounded.wallMs} ms against ${bounded.heldIdealMs}`);
  assert.ok(
    rows.every((r) => r.minMs === r.wallMs && r.maxMs === r.wallMs),
    'one run: no spread',
  );
});

test('a sweep of several runs reports the median run with the fastest and slowest beside it', async () => {
  const [row] = await sweepConcurrency({ pageCount: 6, latencyMs: 10, bytes: 10, levels: [2], runs: 3 });
  assert.ok(row.minMs <= row.wallMs && row.wallMs <= row.maxMs && row.minMs < row.maxMs);
  assert.ok(row.minMs >= 3 * 10 - 1, 'every run waits three rounds of the latency');
  assert.is(row.ok, 6);
  await rejects(sweepConcurrency({ pageCount: 2, levels: [1], runs: 0 }), /`runs`/);
});

test('every experiment that measures a client talks to a server in another process', async () => {
  const runs: Array<[string, () => Promise<unknown>]> = [
    ['sweepConcurrency', () => sweepConcurrency({ pageCount: 20, latencyMs: 10, bytes: 10, levels: [5] })],
    ['downloadTimeline', () => downloadTimeline({ pageCount: 10, latencyMs: 10, concurrency: 5 })],
    [
      'blockWhileDownloading',
      () => blockWhileDownloading('worker thread', { blockMs: 50, pageCount: 4, latencyMs: 10 }),
    ],
    [
      'strategyGrid',
      () => strategyGrid({ pageCount: 4, latencyMs: 10, concurrency: 2, numbers: [1000, 1000], workers: 2 }),
    ],
  ];
  for (const [name, run] of runs) {
    const { sawServer } = await watchForServers(run);
    assert.not.ok(sawServer, `${name} ran its server in the measuring process`);
  }
});

test('compareClients: every page fetched, wall time at or above the ideal, a client CPU per page', async () => {
  const rows = await compareClients({ pageCount: 20, latencyMs: 10, bytes: 1000, concurrency: 5, runs: 1 });
  assert.equal(
    rows.map((r) => r.client),
    ['node-fetch', 'builtin', 'node:http'],
  );
  for (const row of rows) {
    assert.is(row.ok, 20);
    assert.is(row.idealMs, 40);
    assert.ok(row.wallMs >= row.idealMs, `${row.client}: ${row.wallMs} ms`);
    assert.is(row.efficiency, row.idealMs / row.wallMs);
    assert.ok(row.cpuMsPerPage > 0);
    assert.ok(
      row.minCpuMsPerPage === row.cpuMsPerPage && row.maxCpuMsPerPage === row.cpuMsPerPage,
      'one run: no spread',
    );
  }
  await rejects(compareClients({ runs: 0 }), /`runs`/);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blockWhileDownloading, gilComparison, pythonGilRun } from '../lib';
import { threadBaseline } from './helpers/assert';
import { hasPython } from './helpers/python';

test('a CPU loop on the main thread delays the download; in a worker it does not', async () => {
  const main = await blockWhileDownloading('main thread', { blockMs: 300, pageCount: 4, latencyMs: 20 });
  const worker = await blockWhileDownloading('worker thread', { blockMs: 300, pageCount: 4, latencyMs: 20 });
  assert.ok(main.downloadMs >= 280, `main thread: download took ${main.downloadMs} ms`);
  assert.ok(worker.downloadMs < 150, `worker thread: download took ${worker.downloadMs} ms`);
});

test('gilComparison: one JS thread gains nothing on CPU work, worker threads do; CPython threads gain nothing either', async () => {
  const noThreadLeft = threadBaseline();
  const rows = await gilComparison({ n: 300_000, count: 4, workers: 2, taskMs: 30 });
  const node = rows.filter((r) => r.runtime.startsWith('Node'));
  assert.equal(node.map((r) => r.kind), ['threads ↔ one JS thread', 'processes ↔ worker threads']);
  assert.ok(node[0].speedup < 1.2, `Promise.all: ${node[0].speedup}×`);
  assert.ok(node[1].speedup > 1.3, `worker threads: ${node[1].speedup}×`);
  const python = rows.filter((r) => r.runtime.startsWith('CPython'));
  assert.is(python.length, hasPython ? 2 : 0);
  if (hasPython && !python[0].runtime.includes('no GIL')) assert.ok(python[0].speedup < 1.5, `CPython threads: ${python[0].speedup}×`);
  await noThreadLeft();
});

test('pythonGilRun refuses sizes that are not whole numbers from 1 up, naming them', () => {
  assert.throws(() => pythonGilRun({ n: 0, count: 1, workers: 1 }), /`n`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1.5, workers: 1 }), /`count`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1, workers: -2 }), /`workers`/);
});

test.run();

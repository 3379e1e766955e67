import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blockWhileDownloading, gilComparison, pythonGilRun } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';
import { hasPython } from './helpers/python';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => { noThreadLeft = threadBaseline(); });

test('a CPU loop on the main thread holds the download until it ends; in a worker the download ends first', async () => {
  const main = await blockWhileDownloading('main thread', { blockMs: 300, pageCount: 4, latencyMs: 20 });
  const worker = await blockWhileDownloading('worker thread', { blockMs: 300, pageCount: 4, latencyMs: 20, runs: 3 });
  assert.ok(main.downloadMs >= main.blockEndMs, `main thread: download ended at ${main.downloadMs} ms, the loop at ${main.blockEndMs} ms`);
  assert.ok(worker.downloadMs < worker.blockEndMs, `worker thread: download ended at ${worker.downloadMs} ms, the loop at ${worker.blockEndMs} ms`);
  assert.ok(main.lag.maxLagMs >= 250, `the blocked loop's timer was late by ${main.lag.maxLagMs} ms`);
  assert.ok(main.minDownloadMs === main.downloadMs && main.maxDownloadMs === main.downloadMs, 'one run: no spread');
  assert.ok(worker.minDownloadMs <= worker.downloadMs && worker.downloadMs <= worker.maxDownloadMs && worker.minDownloadMs < worker.maxDownloadMs, 'three runs: the median one, and its spread');
});

test('blockWhileDownloading refuses a bad blockMs or runs before starting anything', async () => {
  await rejects(blockWhileDownloading('main thread', { blockMs: 0 }), /`blockMs`/);
  await rejects(blockWhileDownloading('main thread', { runs: 1.5 }), /`runs`/);
});

test('gilComparison: a row per runtime and kind, each a speedup over its own sequential run', async () => {
  const rows = await gilComparison({ n: 300_000, count: 4, workers: 2, taskMs: 30 });
  const node = rows.filter((r) => r.runtime.startsWith('Node'));
  assert.equal(node.map((r) => r.kind), ['threads ↔ one JS thread', 'processes ↔ worker threads']);
  assert.ok(rows.every((r) => r.speedup > 0 && Math.abs(r.speedup - r.sequentialMs / r.ms) < 1e-9));
  assert.ok(rows.every((r) => r.slowestSpeedup <= r.speedup + 1e-9 && r.speedup <= r.fastestSpeedup + 1e-9), 'the median gain lies within the runs\' gains');
  assert.is(rows.filter((r) => r.runtime.startsWith('CPython')).length, hasPython ? 2 : 0);
  await noThreadLeft();
});

test('CPython threads gain nothing on CPU work: the fastest threaded round is no faster than the fastest sequential one', () => {
  const run = pythonGilRun({ n: 300_000, count: 4, workers: 2 });
  if (!hasPython) return void assert.is(run, null);
  if (!run!.gilEnabled) return; // a free-threaded build without its GIL may well gain
  // Minima: load only ever adds time, so the fastest rounds are what the interpreter can do.
  const fastest = (column: number) => Math.min(...run!.rounds.map((round) => round[column]));
  assert.ok(fastest(1) >= fastest(0) / 1.5, `threads ${fastest(1)} ms vs sequential ${fastest(0)} ms`);
});

test('pythonGilRun refuses sizes that are not whole numbers from 1 up, naming them', () => {
  assert.throws(() => pythonGilRun({ n: 0, count: 1, workers: 1 }), /`n`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1.5, workers: 1 }), /`count`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1, workers: -2 }), /`workers`/);
});

test.run();

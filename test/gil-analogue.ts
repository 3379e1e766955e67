import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blockWhileDownloading } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('a CPU loop on the main thread holds the download till it ends; in a worker the download ends first', async () => {
  const main = await blockWhileDownloading('main thread', { blockMs: 300, pageCount: 4, latencyMs: 20 });
  const worker = await blockWhileDownloading('worker thread', { blockMs: 300, pageCount: 4, latencyMs: 20, runs: 3 });
  assert.ok(
    main.downloadMs >= main.blockEndMs,
    `main thread: download ended at ${main.downloadMs} ms, the loop at ${main.blockEndMs} ms`,
  );
  assert.ok(
    worker.downloadMs < worker.blockEndMs,
    `worker thread: download ended at ${worker.downloadMs} ms, the loop at ${worker.blockEndMs} ms`,
  );
  assert.ok(main.lag.maxLagMs >= 250, `the blocked loop's timer was late by ${main.lag.maxLagMs} ms`);
  assert.ok(main.minDownloadMs === main.downloadMs && main.maxDownloadMs === main.downloadMs, 'one run: no spread');
  assert.ok(
    worker.minDownloadMs <= worker.downloadMs &&
      worker.downloadMs <= worker.maxDownloadMs &&
      worker.minDownloadMs < worker.maxDownloadMs,
    'three runs: the median one, and its spread',
  );
  await noThreadLeft();
});

test('blockWhileDownloading refuses a bad blockMs or runs before starting anything', async () => {
  await rejects(blockWhileDownloading('main thread', { blockMs: 0 }), /`blockMs`/);
  await rejects(blockWhileDownloading('main thread', { runs: 1.5 }), /`runs`/);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downloadAll, mapWithLimit, sleep } from '../lib';
import { withServer } from './helpers/http-server';

test('results keep the items’ order; the limit is reached and never passed', async () => {
  let inFlight = 0;
  let most = 0;
  const results = await mapWithLimit([30, 5, 20, 1, 10, 2, 15], 3, async (ms, index) => {
    most = Math.max(most, ++inFlight);
    await sleep(ms);
    inFlight--;
    return `${index}:${ms}`;
  });
  assert.equal(results, ['0:30', '1:5', '2:20', '3:1', '4:10', '5:2', '6:15']);
  assert.is(most, 3);
  most = 0;
  await mapWithLimit([5, 5, 5, 5], Infinity, async (ms) => {
    most = Math.max(most, ++inFlight);
    await sleep(ms);
    inFlight--;
  });
  assert.is(most, 4, 'Infinity: every call at once');
  assert.equal(await mapWithLimit([], 4, async () => 1), []);
});

test('after a call rejects no item is taken; the calls in flight settle before the first error is thrown', async () => {
  const started: number[] = [];
  const settled: number[] = [];
  const error = await mapWithLimit([0, 1, 2, 3, 4, 5], 2, async (item) => {
    started.push(item);
    await sleep(item === 0 ? 5 : 40);
    settled.push(item);
    if (item <= 1) throw new Error(`item ${item} failed`);
  }).catch((caught: Error) => caught);
  assert.instance(error, Error);
  assert.is((error as Error).message, 'item 0 failed');
  assert.equal(started, [0, 1]);
  assert.equal(settled.sort(), [0, 1], 'the second call in flight had settled');
});

test('a limit that is not a whole number from 1 is refused by name', async () => {
  for (const limit of [0, 1.5, Number.NaN, -Infinity]) {
    const error = await mapWithLimit([1], limit, async () => 1).catch((caught: Error) => caught);
    assert.instance(error, RangeError);
    assert.match((error as Error).message, /`limit`/);
  }
});

test('downloadAll: a progress callback that throws stops the downloads; no request starts after it', async () => {
  let requests = 0;
  await withServer(
    (_request, response) => {
      requests++;
      setTimeout(() => response.end('page'), 20);
    },
    async (base) => {
      const urls = Array.from({ length: 10 }, (_, i) => `${base}${i}`);
      let calls = 0;
      const error = await downloadAll(urls, {
        concurrency: 2,
        // Only once: the other loop's call returns, and it must still take no further page.
        onProgress: () => {
          if (++calls === 1) throw new Error('the progress display broke');
        },
      }).catch((caught: Error) => caught);
      assert.is((error as Error).message, 'the progress display broke');
      await sleep(100);
      assert.is(requests, 2, 'only the two requests already in flight');
    },
  );
});

test('downloadAll: with every page in flight, a progress callback that throws ends the slow ones at once', async () => {
  await withServer(
    (request, response) => {
      // The first page answers at once, the others only after 5 s (cleared when the client leaves).
      const timer = setTimeout(() => response.end('page'), request.url === '/0' ? 0 : 5_000);
      response.on('close', () => clearTimeout(timer));
    },
    async (base) => {
      const urls = Array.from({ length: 6 }, (_, i) => `${base}${i}`);
      const started = performance.now();
      const error = await downloadAll(urls, {
        concurrency: Infinity,
        onProgress: () => {
          throw new Error('the progress display broke');
        },
      }).catch((caught: Error) => caught);
      assert.is((error as Error).message, 'the progress display broke');
      const ms = performance.now() - started;
      assert.ok(ms < 2_500, `the error came after ${ms.toFixed(0)} ms, not before the slow pages ended`);
    },
  );
});

test.run();

import { test } from 'uvu';
import type { DownloadResult } from '../lib';
import * as assert from 'uvu/assert';
import { downloadAll, FETCH_CLIENTS, pageUrls, withLatencyServer } from '../lib';
import { activeResources, rejects } from './helpers/assert';

test('1000 URLs with 10 % injected faults: every URL has a result, counts add up, retries recover', async () => {
  await withLatencyServer({ latencyMs: 5, bytes: 2000, faults: { rate: 0.1, seed: 7 } }, async (server) => {
    const urls = pageUrls(server.url, 1000);
    const results = await downloadAll(urls, { concurrency: 50, retries: 4, retryDelayMs: 5, timeoutMs: 300 });
    assertAllRecovered(results, urls, server.requestCount);
  });
});

test('every client recovers the same faults: 300 URLs each', async () => {
  for (const client of FETCH_CLIENTS) {
    await withLatencyServer({ latencyMs: 5, bytes: 2000, faults: { rate: 0.1, seed: 5 } }, async (server) => {
      const urls = pageUrls(server.url, 300);
      const results = await downloadAll(urls, { concurrency: 30, retries: 4, retryDelayMs: 5, timeoutMs: 300, fetch: client });
      assertAllRecovered(results, urls, server.requestCount);
    });
  }
});

function assertAllRecovered(results: DownloadResult[], urls: string[], requestCount: number): void {
  assert.is(results.length, urls.length);
  assert.equal(results.map((r) => r.url), urls);
  const ok = results.filter((r) => r.ok);
  const retried = results.filter((r) => r.attempts > 1);
  assert.is(ok.length, urls.length, results.find((r) => !r.ok)?.error);
  assert.ok(retried.length >= urls.length * 0.05 && retried.length <= urls.length * 0.15, `${retried.length} URLs retried (about 10 % expected)`);
  assert.ok(ok.every((r) => r.bytes === 2000 && r.status === 200));
  assert.is(requestCount, results.reduce((sum, r) => sum + r.attempts, 0), 'each attempt reached the server once');
}

test('without retries the faults are data: ok + failed = total, each failure names its cause', async () => {
  await withLatencyServer({ latencyMs: 5, bytes: 100, faults: { rate: 0.3, seed: 11 } }, async (server) => {
    const results = await downloadAll(pageUrls(server.url, 200), { concurrency: 40, timeoutMs: 200 });
    const failed = results.filter((r) => !r.ok);
    assert.ok(failed.length > 20 && failed.length < 100, `${failed.length} failed of 200 at a 30 % fault rate`);
    for (const result of failed) assert.match(result.error!, /HTTP 500|timed out|ECONNRESET|socket hang up|other side closed|terminated/);
    const kinds = new Set(failed.map((r) => (r.error!.includes('HTTP 500') ? '500' : r.error!.includes('timed out') ? 'stall' : 'reset')));
    assert.equal([...kinds].sort(), ['500', 'reset', 'stall']);
  });
});

test('timeouts fire within 10 % of timeoutMs', async () => {
  await withLatencyServer({ latencyMs: 10_000 }, async (server) => {
    const timeoutMs = 300;
    const results = await downloadAll(pageUrls(server.url, 20), { concurrency: 20, timeoutMs });
    for (const result of results) {
      const took = result.endMs - result.startMs;
      assert.is(result.error, 'timed out');
      assert.ok(took >= timeoutMs && took <= timeoutMs * 1.1, `timed out after ${took.toFixed(1)} ms`);
    }
  });
});

test('abort settles everything in flight and queued within 100 ms', async () => {
  await withLatencyServer({ latencyMs: 10_000 }, async (server) => {
    const controller = new AbortController();
    const pending = downloadAll(pageUrls(server.url, 200), { concurrency: 20, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    const results = await pending;
    const settleMs = performance.now() - abortedAt;
    assert.ok(settleMs < 100, `settled ${settleMs.toFixed(1)} ms after abort`);
    assert.is(results.length, 200);
    assert.ok(results.every((r) => !r.ok && r.error === 'aborted'));
    assert.is(results.filter((r) => r.attempts === 1).length, 20, 'only the 20 in flight were attempted');
  });
});

test('each bad option throws an error that names it', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ concurrency: 0 }, /`concurrency`/],
    [{ concurrency: 2.5 }, /`concurrency`/],
    [{ timeoutMs: 0 }, /`timeoutMs`/],
    [{ timeoutMs: Infinity }, /`timeoutMs`/],
    [{ retries: -1 }, /`retries`/],
    [{ retryDelayMs: -5 }, /`retryDelayMs`/],
    [{ maxBytes: 0 }, /`maxBytes`/],
    [{ fetch: 'curl' }, /`fetch` to be one of "node-fetch", "builtin", "node:http"/],
    [{ signal: 'stop' }, /`signal`/],
    [{ onProgress: 42 }, /`onProgress`/],
  ];
  for (const [options, message] of cases) await rejects(downloadAll(['http://127.0.0.1:1/'], options as never), message);
});

test('nothing is left open: no socket, server or timer', async () => {
  // Destroyed sockets close on a later turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(activeResources().filter((name) => /TCP|Timeout|Immediate/.test(name)), []);
});

test.run();

import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downloadAll, MAX_BODY_BYTES, MAX_LATENCY_MS, pageUrls, startLatencyServer, withLatencyServer } from '../lib';
import { activeResources, assertNothingOpen, rejects, until } from './helpers/assert';

test('answers every GET after the latency with the preallocated body, on 127.0.0.1', async () => {
  await withLatencyServer({ latencyMs: 40, bytes: 3000 }, async (server) => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const [result] = await downloadAll([server.url]);
    assert.is(result.status, 200);
    assert.is(result.bytes, 3000);
    assert.ok(result.endMs - result.startMs >= 40, `answered after ${(result.endMs - result.startMs).toFixed(1)} ms`);
  });
});

test('peakConnections counts the connections open at once', async () => {
  await withLatencyServer({ latencyMs: 30, bytes: 10 }, async (server) => {
    await downloadAll(pageUrls(server.url, 40), { concurrency: 8 });
    assert.is(server.peakConnections, 8);
    assert.is(server.refusedConnections, 0);
  });
});

test('maxConnections refuses the connections past the limit, and the downloader reports them as failures', async () => {
  await withLatencyServer({ latencyMs: 50, bytes: 10, maxConnections: 16 }, async (server) => {
    const results = await downloadAll(pageUrls(server.url, 60), { concurrency: Infinity });
    const failed = results.filter((r) => !r.ok);
    assert.is(server.peakConnections, 16);
    assert.is(failed.length, 60 - 16);
    assert.is(server.refusedConnections, failed.length);
    for (const result of failed) assert.match(result.error!, /ECONNRESET|socket hang up|other side closed/);
  });
});

test('bad options name themselves', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ latencyMs: -1 }, /`latencyMs`/],
    [{ bytes: 1.5 }, /`bytes`/],
    [{ jitterMs: 200, latencyMs: 100 }, /`jitterMs`/],
    [{ port: 70000 }, /`port`/],
    [{ faults: { rate: 2 } }, /`faults.rate`/],
    [{ maxConnections: 0 }, /`maxConnections`/],
    [{ latencyMs: Infinity }, /`latencyMs` to be a number of milliseconds from 0 to 60000/],
    [{ bytes: 2 ** 31 }, /`bytes` to be a whole number from 0 to 67108864/],
  ];
  for (const [options, message] of cases) assert.instance(await rejects(startLatencyServer(options), message), RangeError);
});

test('close drops open connections and pending answers: nothing is left open', async () => {
  const server = await startLatencyServer({ latencyMs: 10_000 });
  const pending = downloadAll(pageUrls(server.url, 5), { concurrency: 5 });
  assert.ok(await until(() => server.requestCount === 5), 'the five requests arrive');
  await server.close();
  const results = await pending;
  assert.ok(results.every((r) => !r.ok));
  await assertNothingOpen(/TCP|Timeout/);
});

test('a request may not ask for more than the documented body or latency: 400, with the reason', async () => {
  await withLatencyServer({ latencyMs: 1, bytes: 10 }, async (server) => {
    const asks: Array<[string, number, RegExp]> = [
      [`?bytes=${MAX_BODY_BYTES + 1}`, 400, /bytes must be a whole number from 0 to 67108864/],
      ['?bytes=2147483647', 400, /bytes/],
      ['?bytes=-5', 400, /bytes/],
      ['?latency=Infinity', 400, /latency must be a number of milliseconds from 0 to 60000/],
      [`?latency=${MAX_LATENCY_MS + 1}`, 400, /latency/],
      ['?latency=abc', 400, /latency/],
      ['?bytes=3&latency=2', 200, /^xxx$/],
    ];
    for (const [query, status, body] of asks) {
      const response = await fetch(`${server.url}page/0${query}`);
      assert.is(response.status, status, query);
      assert.match(await response.text(), body);
    }
  });
});

/** A full garbage collection, without starting node with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

test('bodies of other sizes are kept a few at a time: many sizes do not pile up in memory', async () => {
  await withLatencyServer({ latencyMs: 0, bytes: 10 }, async (server) => {
    const before = process.memoryUsage().arrayBuffers;
    // Twenty distinct 4 MiB bodies: kept forever, they would hold 80 MiB.
    // The client's side is read and dropped chunk by chunk, and collected twice, a turn of the loop
    // apart: what the measure then counts is what the server keeps, not the client's buffers (kept
    // whole and collected once, they read 41-66 MiB on a loaded machine).
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${server.url}page/0?bytes=${4 * 1024 * 1024 + i}`);
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
    }
    for (let round = 0; round < 2; round++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      collectGarbage();
    }
    const heldMiB = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
    assert.ok(heldMiB < 8 * 4 + 8, `${heldMiB.toFixed(0)} MiB of buffers held`);
  });
});

test('a client that goes away takes its pending answer with it: no timer runs on', async () => {
  const server = await startLatencyServer({ latencyMs: 1 });
  try {
    const controller = new AbortController();
    const request = fetch(`${server.url}page/0?latency=50000`, { signal: controller.signal }).catch(() => 'aborted');
    assert.ok(await until(() => server.requestCount === 1), 'the request arrives');
    controller.abort();
    assert.is(await request, 'aborted');
    // The server's timer for that answer is cancelled once the connection closes.
    assert.ok(await until(() => !activeResources().includes('Timeout')), `still open: ${activeResources().join(', ')}`);
  } finally {
    await server.close();
  }
});

test.run();

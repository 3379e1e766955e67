import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downloadAll, pageUrls, startLatencyServer, withLatencyServer } from '../lib';
import { assertNothingOpen, rejects, until } from './helpers/assert';

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

test.run();

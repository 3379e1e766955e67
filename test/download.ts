import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downloadAll, pageUrls, withLatencyServer } from '../lib';
import { activeResources, rejects } from './helpers/assert';

test('every URL gets a result in input order, with no more than `concurrency` in flight', async () => {
  await withLatencyServer({ latencyMs: 20, bytes: 1000 }, async (server) => {
    const urls = pageUrls(server.url, 30);
    const results = await downloadAll(urls, { concurrency: 5 });
    assert.equal(results.map((r) => r.url), urls);
    assert.ok(results.every((r) => r.ok && r.status === 200 && r.bytes === 1000 && r.attempts === 1));
    const events = results.flatMap((r) => [{ t: r.startMs, d: 1 }, { t: r.endMs, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
    let inFlight = 0;
    for (const event of events) { inFlight += event.d; assert.ok(inFlight <= 5, `in flight ${inFlight}`); }
  });
});

test('only http and https are fetched: other schemes and non-URLs fail with no I/O', async () => {
  await withLatencyServer({ latencyMs: 0 }, async (server) => {
    const results = await downloadAll(['file:///etc/passwd', 'data:text/plain,hi', 'ftp://127.0.0.1/', 'not a url'], {});
    assert.ok(results.every((r) => !r.ok && r.attempts === 0 && r.error));
    assert.match(results[0].error!, 'unsupported protocol file:');
    assert.match(results[3].error!, 'not a URL');
    assert.is(server.requestCount, 0);
  });
});

test('retries recover injected transient faults; counts add up', async () => {
  await withLatencyServer({ latencyMs: 2, bytes: 100, faults: { rate: 0.1, seed: 3 } }, async (server) => {
    const results = await downloadAll(pageUrls(server.url, 300), { concurrency: 30, retries: 4, timeoutMs: 300, retryDelayMs: 5 });
    assert.is(results.length, 300);
    assert.is(results.filter((r) => r.ok).length, 300);
    assert.ok(results.some((r) => r.attempts > 1), 'some requests were retried');
    assert.is(server.requestCount, results.reduce((sum, r) => sum + r.attempts, 0));
  });
});

test('a body past maxBytes fails cleanly; bad options name themselves; nothing is left open', async () => {
  await withLatencyServer({ latencyMs: 0, bytes: 5_000_000 }, async (server) => {
    const [result] = await downloadAll([server.url], { maxBytes: 1_000_000 });
    assert.is(result.ok, false);
    assert.match(result.error!, 'maxBytes');
  });
  await rejects(downloadAll([], { concurrency: 0 }), /`concurrency`/);
  await rejects(downloadAll([], { timeoutMs: -1 }), /`timeoutMs`/);
  await rejects(downloadAll('x' as never), /`urls`/);
  // Destroyed sockets close on a later turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(activeResources().filter((name) => /TCP/.test(name)), []);
});

test.run();

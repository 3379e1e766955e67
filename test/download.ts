import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downloadAll, FETCH_CLIENTS, pageUrls, withLatencyServer } from '../lib';
import { assertNothingOpen, rejects } from './helpers/assert';

test('every URL gets a result in input order, with no more than `concurrency` in flight', async () => {
  await withLatencyServer({ latencyMs: 20, bytes: 1000 }, async (server) => {
    const urls = pageUrls(server.url, 30);
    const results = await downloadAll(urls, { concurrency: 5 });
    assert.equal(
      results.map((r) => r.url),
      urls,
    );
    assert.ok(results.every((r) => r.ok && r.status === 200 && r.bytes === 1000 && r.attempts === 1));
    const events = results
      .flatMap((r) => [
        { t: r.startMs, d: 1 },
        { t: r.endMs, d: -1 },
      ])
      .sort((a, b) => a.t - b.t || a.d - b.d);
    let inFlight = 0;
    for (const event of events) {
      inFlight += event.d;
      assert.ok(inFlight <= 5, `in flight ${inFlight}`);
    }
  });
});

test('only http and https are fetched: other schemes and non-URLs fail with no I/O', async () => {
  await withLatencyServer({ latencyMs: 0 }, async (server) => {
    const results = await downloadAll(
      ['file:///etc/passwd', 'data:text/plain,hi', 'ftp://127.0.0.1/', 'not a url'],
      {},
    );
    assert.ok(results.every((r) => !r.ok && r.attempts === 0 && r.error));
    assert.match(results[0].error!, 'unsupported protocol file:');
    assert.match(results[3].error!, 'not a URL');
    assert.is(server.requestCount, 0);
  });
});

test('retries recover injected transient faults; counts add up', async () => {
  await withLatencyServer({ latencyMs: 2, bytes: 100, faults: { rate: 0.1, seed: 3 } }, async (server) => {
    const results = await downloadAll(pageUrls(server.url, 300), {
      concurrency: 30,
      retries: 4,
      timeoutMs: 300,
      retryDelayMs: 5,
    });
    assert.is(results.length, 300);
    assert.is(results.filter((r) => r.ok).length, 300);
    assert.ok(
      results.some((r) => r.attempts > 1),
      'some requests were retried',
    );
    // An attempt that timed out before its connection was accepted never reached the server.
    assert.ok(server.requestCount <= results.reduce((sum, r) => sum + r.attempts, 0));
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
  // Past what a timer holds: refused, not a timer that fires at once with a warning per request.
  await rejects(
    downloadAll([], { timeoutMs: 3e9 }),
    /`timeoutMs` to be a number of milliseconds above 0, up to 2147483647/,
  );
  await rejects(
    downloadAll([], { retryDelayMs: Infinity }),
    /`retryDelayMs` to be a number of milliseconds from 0 to 60000/,
  );
  await rejects(downloadAll([], { retries: 1e6 }), /`retries` to be a whole number from 0 to 100/);
  await rejects(downloadAll('x' as never), /`urls`/);
  await assertNothingOpen(/TCP/);
});

test('every client gets every page, and times out, caps bodies and aborts the same way', async () => {
  for (const client of FETCH_CLIENTS) {
    await withLatencyServer({ latencyMs: 5, bytes: 3000 }, async (server) => {
      const results = await downloadAll(pageUrls(server.url, 40), { concurrency: 8, fetch: client });
      assert.ok(
        results.every((r) => r.ok && r.status === 200 && r.bytes === 3000),
        `${client}: ${results.find((r) => !r.ok)?.error}`,
      );
      const [big] = await downloadAll([`${server.url}?bytes=5000000`], { maxBytes: 1_000_000, fetch: client });
      assert.match(big.error ?? '', 'maxBytes', client);
      const [slow] = await downloadAll([`${server.url}?latency=5000`], { timeoutMs: 150, fetch: client });
      assert.is(slow.error, 'timed out', client);
      const controller = new AbortController();
      const pending = downloadAll(
        pageUrls(server.url, 6).map((url) => `${url}?latency=5000`),
        { concurrency: 3, signal: controller.signal, fetch: client },
      );
      setTimeout(() => controller.abort(), 50);
      assert.ok(
        (await pending).every((r) => r.error === 'aborted'),
        client,
      );
    });
  }
  await assertNothingOpen(/TCP|Timeout/);
});

test('a body cut short by the server is a failure with a cause, for every client', async () => {
  // Promises 1000 bytes, sends 10, then drops the connection.
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-length': 1000 });
    response.write('x'.repeat(10), () => setTimeout(() => response.socket?.destroy(), 20));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const client of FETCH_CLIENTS) {
      const [result] = await downloadAll([url], { fetch: client, timeoutMs: 2_000 });
      assert.is(result.ok, false, client);
      assert.ok(result.error && result.error !== 'timed out', `${client}: ${result.error}`);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('every client follows redirects to http(s) only: one to data: or file: is a failure that says so', async () => {
  const server = http.createServer((request, response) => {
    const to = {
      '/moved': '/page',
      '/to-data': 'data:text/plain,hi',
      '/to-file': 'file:///etc/passwd',
      '/to-nowhere': 'http://[::1',
    }[request.url!];
    if (to) response.writeHead(request.url === '/moved' ? 301 : 302, { location: to }).end("a redirect's own body");
    else response.end('the page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const client of FETCH_CLIENTS) {
      const [moved, toData, toFile, toNowhere] = await downloadAll(
        ['/moved', '/to-data', '/to-file', '/to-nowhere'].map((path) => base + path),
        { fetch: client },
      );
      assert.ok(moved.ok && moved.status === 200 && moved.bytes === 'the page'.length, `${client}: ${moved.error}`);
      for (const [result, scheme] of [
        [toData, 'data:'],
        [toFile, 'file:'],
      ] as const) {
        assert.equal([result.ok, result.status, result.attempts], [false, 302, 1], `${client} → ${scheme}`);
        assert.is(result.error, `HTTP 302: redirect to ${scheme} not followed (only http: and https: are)`, client);
      }
      assert.is(toNowhere.error, 'HTTP 302: redirect to an invalid URL', client);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();

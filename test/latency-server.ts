import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_MAX_CONNECTIONS,
  downloadAll,
  MAX_BODY_BYTES,
  MAX_LATENCY_MS,
  MAX_WAITING_PER_CONNECTION,
  openStalledClients,
  pageUrls,
  serverMemoryUnderStalledClients,
  startLatencyServer,
  startLatencyServerProcess,
  withLatencyServer,
} from '../lib';
import { activeResources, openBaseline, rejects, until } from './helpers/assert';

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
    [{ maxConnections: 2.5 }, /`maxConnections` to be a whole number from 1 up \(or Infinity\)/],
    [{ latencyMs: Infinity }, /`latencyMs` to be a number of milliseconds from 0 to 60000/],
    [{ bytes: 2 ** 31 }, /`bytes` to be a whole number from 0 to 67108864/],
  ];
  for (const [options, message] of cases)
    assert.instance(await rejects(startLatencyServer(options), message), RangeError);
  assert.instance(
    await rejects(startLatencyServer({ exactLatency: 'yes' } as never), /`exactLatency` to be true or false/),
    TypeError,
  );
});

test('close drops open connections and pending answers: nothing is left open', async () => {
  const nothingLeft = openBaseline(/TCP|Timeout/);
  const server = await startLatencyServer({ latencyMs: 10_000 });
  const pending = downloadAll(pageUrls(server.url, 5), { concurrency: 5 });
  assert.ok(await until(() => server.requestCount === 5), 'the five requests arrive');
  await server.close();
  const results = await pending;
  assert.ok(results.every((r) => !r.ok));
  await nothingLeft();
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

test('bodies slice one buffer: 24 clients reading none of 64 MiB bodies leave server buffers under 8 MiB', async () => {
  // Measured in the server's own process, so no client buffer and no GC of the test counts. Bodies
  // allocated per answer would hold 24 × 64 MiB there, for as long as the clients read nothing.
  const stats = await serverMemoryUnderStalledClients({ clients: 24, bytes: MAX_BODY_BYTES });
  assert.ok(
    stats.arrayBuffersMiB < 8,
    `${stats.arrayBuffersMiB.toFixed(1)} MiB of buffers held by the server, ` +
      `${stats.writingCount} answers being written`,
  );
  assert.is(stats.writingCount, 24, 'answers being written');
});

test(`a socket pipelining > ${MAX_WAITING_PER_CONNECTION} requests is closed: the server holds no more`, async () => {
  const server = await startLatencyServer({ latencyMs: 10_000 });
  try {
    const requests = Array.from(
      { length: 10 },
      (_, index) => `GET /page/${index} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ).join('');
    const [socket] = await openStalledClients(server.origin, [requests]);
    socket.resume(); // reads, to see the server close it
    const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
    // Without the limit the ten requests would wait their 10 s, holding the connection open.
    const closedByServer = await Promise.race([
      closed,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000)),
    ]);
    socket.destroy();
    assert.ok(closedByServer, 'the server closed the connection');
    assert.ok(server.requestCount > MAX_WAITING_PER_CONNECTION, `${server.requestCount} requests arrived`);
    // Each waiting answer held a timer; the connection's close took them all.
    assert.ok(await until(() => !activeResources().includes('Timeout')), `still open: ${activeResources().join(', ')}`);
  } finally {
    await server.close();
  }
});

test(`connections are capped by default at ${DEFAULT_MAX_CONNECTIONS}, and Infinity lifts the cap`, async () => {
  await withLatencyServer({}, async (server) => assert.is(server.maxConnections, DEFAULT_MAX_CONNECTIONS));
  await withLatencyServer({ maxConnections: Infinity }, async (server) => assert.is(server.maxConnections, Infinity));
  // Through a process too: JSON has no Infinity, and a lost one would bring the default back.
  const child = await startLatencyServerProcess({ latencyMs: 0, maxConnections: Infinity });
  try {
    assert.is((await child.stats()).maxConnections, Infinity);
  } finally {
    await child.close();
  }
});

test("answers never leave before their latency, by the server's clock from each arrival, exact or not", async () => {
  for (const exactLatency of [false, true]) {
    await withLatencyServer({ latencyMs: 0, bytes: 10, exactLatency }, async (server) => {
      // Fractional latencies: Node's whole-millisecond timers fire early for many of them.
      const urls = Array.from(
        { length: 200 },
        (_, index) => `${server.url}page/${index}?latency=${(1 + (index % 23) * 0.43).toFixed(2)}`,
      );
      const results = await downloadAll(urls, { concurrency: 20 });
      assert.ok(results.every((r) => r.ok));
      const timing = server.answerTiming();
      assert.is(timing.answerCount, 200);
      assert.is(timing.earlyCount, 0, `early answers (exactLatency: ${exactLatency})`);
      assert.ok(timing.lateP50Ms <= timing.lateP99Ms && timing.lateP99Ms <= timing.lateMaxMs);
    });
  }
});

test("a server in its own process polls its answers' last ms; in-process it does not, unless asked", async () => {
  await withLatencyServer({}, async (server) => assert.is(server.exactLatency, false));
  await withLatencyServer({ exactLatency: true }, async (server) => assert.is(server.exactLatency, true));
  const child = await startLatencyServerProcess({ latencyMs: 0 });
  try {
    assert.is((await child.stats()).exactLatency, true);
  } finally {
    await child.close();
  }
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

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_CHUNK_BYTES, writeBody } from '../lib/io/body-writer';

test("a body of any size arrives whole and exact, across the shared buffer's boundaries", async () => {
  const server = http.createServer(
    (request, response) => void writeBody(response, 200, Number(request.url!.slice(1)), request.socket),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const bytes of [
      0,
      1,
      BODY_CHUNK_BYTES - 1,
      BODY_CHUNK_BYTES,
      BODY_CHUNK_BYTES + 1,
      3 * BODY_CHUNK_BYTES + 17,
      5_000_000,
    ]) {
      const response = await fetch(`${base}${bytes}`);
      const body = Buffer.from(await response.arrayBuffer());
      assert.is(response.headers.get('content-length'), String(bytes));
      assert.is(body.length, bytes);
      assert.ok(
        body.every((byte) => byte === 0x78),
        `${bytes}: every byte is "x"`,
      );
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('writing stops when the client goes away: the promise settles and nothing more is written', async () => {
  let settled: Promise<void> | null = null;
  const server = http.createServer((request, response) => {
    settled = writeBody(response, 200, 64 * 1024 * 1024, request.socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      signal: controller.signal,
    });
    assert.is(response.status, 200);
    controller.abort();
    // Without the stop on 'close', the writer would wait for a 'drain' that never comes.
    const outcome = await Promise.race([
      settled!.then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('still writing'), 3_000)),
    ]);
    assert.is(outcome, 'settled');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();

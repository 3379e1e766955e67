import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  MAX_WAITING_PER_CONNECTION,
  openStalledClients,
  serverMemoryPerConnection,
  serverMemoryUnderStalledClients,
} from '../lib';
import { assertNothingOpen, rejects } from './helpers/assert';

test('stalled clients send a request, read nothing: the server sees each request, the clients no byte', async () => {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // the clients reset what they never read
    socket.setEncoding('utf8').on('data', (text: string) => received.push(text));
    socket.write('x'.repeat(1 << 20));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = await openStalledClients(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, [
    'one',
    'two',
    'three',
  ]);
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(received.sort(), ['one', 'three', 'two']);
    assert.ok(
      sockets.every((socket) => socket.bytesRead === 0),
      'a stalled client read something',
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  await assertNothingOpen(/TCP/);
});

test('a client that cannot connect rejects, leaving nothing open', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  await rejects(openStalledClients(`http://127.0.0.1:${port}`, ['a', 'b']), /ECONNREFUSED/);
  await assertNothingOpen(/TCP/);
});

test('what a waiting connection costs the server is measured in its process; bad args name themselves', async () => {
  const memory = await serverMemoryPerConnection({ connections: 20, requestsEach: 2 });
  assert.equal([memory.connections, memory.requestsEach], [20, 2]);
  assert.ok(
    memory.restRssMiB > 0 && memory.rssMiB > 0 && Number.isFinite(memory.perConnectionKiB),
    JSON.stringify(memory),
  );
  await rejects(
    serverMemoryPerConnection({ requestsEach: MAX_WAITING_PER_CONNECTION + 1 }),
    /`requestsEach` to be a whole number from 1 to 4/,
  );
  await rejects(serverMemoryPerConnection({ connections: 0 }), /`connections`/);
  await rejects(serverMemoryUnderStalledClients({ clients: 0 }), /`clients`/);
  await rejects(
    serverMemoryUnderStalledClients({ clients: 5, bytes: 2 }),
    /`bytes` to be a whole number from `clients`/,
  );
  await assertNothingOpen(/TCP|Process|Pipe/);
});

test.run();

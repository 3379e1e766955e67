/**
 * Clients that ask and then read nothing: what a server must survive without growing. Each is a raw
 * TCP connection that sends its request and pauses, so what the server writes piles up in the kernel
 * and then waits in the server.
 */
import * as net from 'node:net';
import { checkWhole } from '../check-range';
import { LIMITS } from '../limits';
import { MAX_BODY_BYTES, MAX_WAITING_PER_CONNECTION } from './latency-server';
import { type LatencyServerStats, startLatencyServerProcess } from './latency-server-process';

/**
 * Open one connection per request text to `origin` (an `http://127.0.0.1:PORT` origin), send the
 * text, and never read. The caller destroys the sockets.
 * @example const sockets = await openStalledClients(server.origin, ['GET /page/0 HTTP/1.1\r\nHost: x\r\n\r\n']);
 */
export async function openStalledClients(origin: string, requests: string[]): Promise<net.Socket[]> {
  const { hostname, port } = new URL(origin);
  const sockets: net.Socket[] = [];
  try {
    for (const request of requests) {
      sockets.push(
        await new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.off('error', reject);
            socket.pause();
            socket.write(request);
            resolve(socket);
          });
          socket.once('error', reject);
        }),
      );
    }
    return sockets;
  } catch (error) {
    for (const socket of sockets) socket.destroy();
    throw error;
  }
}

/**
 * The latency server's own memory while `clients` connections each ask for a body of a different
 * size near `bytes` and read none of it: started in a process of its own, measured there once every
 * answer has started writing (or after `waitMs`), then everything is closed.
 * @returns the server's stats at that moment: `writingCount`, `rssMiB`, `arrayBuffersMiB`, …
 * @example const { rssMiB } = await serverMemoryUnderStalledClients({ clients: 24 });
 */
export async function serverMemoryUnderStalledClients({
  clients = 24,
  bytes = MAX_BODY_BYTES,
  waitMs = 10_000,
} = {}): Promise<LatencyServerStats> {
  checkWhole('clients', clients, { min: 1, max: 1_000 });
  if (!Number.isInteger(bytes) || bytes < clients || bytes > MAX_BODY_BYTES)
    throw new RangeError(
      `Expected \`bytes\` to be a whole number from \`clients\` (${clients}) to ${MAX_BODY_BYTES}, got ${bytes}`,
    );
  const server = await startLatencyServerProcess({ latencyMs: 0, bytes: 10 });
  let sockets: net.Socket[] = [];
  try {
    // Each a different size: a server that kept a body per size would hold one per client.
    sockets = await openStalledClients(
      server.origin,
      Array.from(
        { length: clients },
        (_, index) => `GET /page/${index}?bytes=${bytes - index} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      ),
    );
    const end = performance.now() + waitMs;
    let stats = await server.stats();
    while (stats.writingCount < clients && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stats = await server.stats();
    }
    return stats;
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
}

/** The latency server's resident memory at rest and with connections open, each with requests waiting. */
export interface ConnectionMemory {
  connections: number;
  requestsEach: number;
  restRssMiB: number;
  rssMiB: number;
  /** (rssMiB − restRssMiB) ÷ connections. */
  perConnectionKiB: number;
}

/**
 * What an open connection costs the latency server: `connections` connections each send
 * `requestsEach` requests at once (pipelined, up to `MAX_WAITING_PER_CONNECTION`) that wait a minute,
 * and the server's resident memory is read before and once they all arrived.
 * @example const { perConnectionKiB } = await serverMemoryPerConnection({ connections: 2000 });
 */
export async function serverMemoryPerConnection({
  connections = 2_000,
  requestsEach = MAX_WAITING_PER_CONNECTION,
} = {}): Promise<ConnectionMemory> {
  // Connections open at once, each with its requests in flight.
  checkWhole('connections', connections, LIMITS.concurrency);
  checkWhole('requestsEach', requestsEach, { min: 1, max: MAX_WAITING_PER_CONNECTION });
  const server = await startLatencyServerProcess({ latencyMs: 60_000 });
  let sockets: net.Socket[] = [];
  try {
    const rest = await server.stats();
    const requests = Array.from(
      { length: requestsEach },
      (_, index) => `GET /page/${index} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ).join('');
    sockets = await openStalledClients(
      server.origin,
      Array.from({ length: connections }, () => requests),
    );
    const expected = rest.requestCount + connections * requestsEach;
    let stats = await server.stats();
    for (let tries = 0; stats.requestCount < expected && tries < 500; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stats = await server.stats();
    }
    return {
      connections,
      requestsEach,
      restRssMiB: rest.rssMiB,
      rssMiB: stats.rssMiB,
      perConnectionKiB: ((stats.rssMiB - rest.rssMiB) * 1024) / connections,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
}

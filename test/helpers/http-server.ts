/** A throwaway HTTP server on 127.0.0.1 whose answers a test chooses per path. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serve `handler` on a free port, run `fn` with the server's base URL, then close the server and its connections. */
export async function withServer(handler: http.RequestListener, fn: (base: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

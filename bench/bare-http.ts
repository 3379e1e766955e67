/**
 * Floors for the I/O bench, each a bounded loop with a keep-alive agent and no timeouts, retries or
 * results: bare `http.get` (the floor under any Node HTTP client here) and bare node-fetch (the floor
 * under downloadAll, whose HTTP goes through node-fetch). The bench sets downloadAll beside both.
 */
import * as http from 'node:http';
import { mapWithLimit } from '../lib';

function get(url: string, agent: http.Agent): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(url, { agent }, (response) => {
        response.on('data', () => {});
        response.once('end', () => resolve(response.statusCode === 200));
        response.once('error', () => resolve(false));
      })
      .once('error', () => resolve(false));
  });
}

/** One GET through `agent`, read to its end: how long it took, in ms (NaN when it failed). */
export function timedGet(url: string, agent: http.Agent): Promise<number> {
  const started = performance.now();
  return get(url, agent).then((ok) => (ok ? performance.now() - started : NaN));
}

/** The slice of node-fetch's signature this loop uses (a type import of an ES module is refused here). */
type NodeFetch = (
  url: string,
  init: { agent: http.Agent; highWaterMark: number },
) => Promise<{ status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

async function getWithNodeFetch(nodeFetch: NodeFetch, url: string, agent: http.Agent): Promise<boolean> {
  try {
    const response = await nodeFetch(url, { agent, highWaterMark: 1 << 20 });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Download `urls` with bare `http.get`, at most `concurrency` in flight; returns how many answered 200. */
export function bareHttpDownload(urls: readonly string[], concurrency: number): Promise<number> {
  return boundedLoop(urls, concurrency, get);
}

/** The same loop over bare node-fetch calls. */
export async function bareNodeFetchDownload(urls: readonly string[], concurrency: number): Promise<number> {
  // node-fetch 3 is an ES module: import(), not require.
  const nodeFetch = (await import('node-fetch')).default as unknown as NodeFetch;
  return boundedLoop(urls, concurrency, (url, agent) => getWithNodeFetch(nodeFetch, url, agent));
}

async function boundedLoop(
  urls: readonly string[],
  concurrency: number,
  getOne: (url: string, agent: http.Agent) => Promise<boolean>,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const answered = await mapWithLimit(urls, concurrency, (url) => getOne(url, agent));
    return answered.filter(Boolean).length;
  } finally {
    agent.destroy();
  }
}

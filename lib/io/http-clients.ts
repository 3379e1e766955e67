/**
 * The HTTP clients `downloadAll` can fetch through — node-fetch, Node's built-in fetch and Node's own
 * http/https modules — behind one small interface. Each fetches with redirects left to
 * `followingRedirects`, so all three follow the same redirects: to http(s) only, at most 20.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { ResponseBody } from './body-reader';
import { type Fetcher, followingRedirects, type MinimalResponse } from './redirects';

export type { Fetcher, MinimalResponse } from './redirects';

export { countBody } from './body-reader';

/**
 * Which HTTP client: node-fetch (default), Node's built-in fetch, or Node's plain `http`/`https`
 * modules (`'node:http'`: the least CPU per page, but no decompression).
 * node-fetch and `node:http` get a keep-alive agent sized to the concurrency.
 */
export type FetchClient = 'node-fetch' | 'builtin' | 'node:http';

/** Every client `downloadAll` can use, in the order the notebooks compare them. */
export const FETCH_CLIENTS: readonly FetchClient[] = ['node-fetch', 'builtin', 'node:http'];

/** A GET through Node's own http/https modules: the response is the body stream. */
function nodeHttpGet(
  url: string,
  signal: AbortSignal,
  agents: { http: http.Agent; https: https.Agent },
): Promise<MinimalResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).get(
      url,
      { agent: secure ? agents.https : agents.http, signal },
      (response) => {
        resolve({ status: response.statusCode ?? 0, body: response, location: response.headers.location ?? null });
      },
    );
    request.once('error', reject);
  });
}

/** The slice of a fetch Response that `MinimalResponse` needs. */
type FetchResponse = { status: number; body: ResponseBody; headers: { get(name: string): string | null } };

const fromFetch = (response: FetchResponse): MinimalResponse => ({
  status: response.status,
  body: response.body,
  location: response.headers.get('location'),
});

/**
 * Open one of the clients for a download: node-fetch and node:http get keep-alive agents sized to
 * the concurrency, which `close()` destroys; built-in fetch keeps its own connection pool.
 */
export async function openClient(
  client: FetchClient,
  concurrency: number,
): Promise<{ fetcher: Fetcher; close(): void }> {
  if (client === 'builtin') {
    // 'manual' hands over the 3xx itself (Node's fetch does not hide it as browsers do).
    return {
      fetcher: followingRedirects(async (url, signal) =>
        fromFetch((await fetch(url, { signal, redirect: 'manual' })) as FetchResponse),
      ),
      close() {},
    };
  }
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
    https: new https.Agent({ keepAlive: true, maxSockets: concurrency }),
  };
  const close = () => {
    agents.http.destroy();
    agents.https.destroy();
  };
  if (client === 'node:http')
    return { fetcher: followingRedirects((url, signal) => nodeHttpGet(url, signal, agents)), close };
  // node-fetch 3 is an ES module: import(), not require.
  const { default: nodeFetch } = await import('node-fetch');
  const agent = (parsed: URL) => (parsed.protocol === 'https:' ? agents.https : agents.http);
  return {
    fetcher: followingRedirects(async (url, signal) =>
      fromFetch(
        (await nodeFetch(url, {
          signal,
          redirect: 'manual',
          highWaterMark: 1 << 20,
          agent,
        })) as unknown as FetchResponse,
      ),
    ),
    close,
  };
}

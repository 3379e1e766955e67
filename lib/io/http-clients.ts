/**
 * The HTTP clients `downloadAll` can fetch through — node-fetch, Node's built-in fetch and Node's own
 * http/https modules — behind one small interface, and reading a body while counting its bytes.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * Which HTTP client: node-fetch (default), Node's built-in fetch, or Node's plain `http`/`https`
 * modules (`'node:http'`: the least CPU per page, but no redirects followed and no decompression).
 * node-fetch and `node:http` get a keep-alive agent sized to the concurrency.
 */
export type FetchClient = 'node-fetch' | 'builtin' | 'node:http';

/** Every client `downloadAll` can use, in the order the notebooks compare them. */
export const FETCH_CLIENTS: readonly FetchClient[] = ['node-fetch', 'builtin', 'node:http'];

/** What `downloadAll` needs of a response, whichever client gave it. */
export interface MinimalResponse {
  status: number;
  body: AsyncIterable<Uint8Array> | null;
}
/** Starts one GET; `signal` cancels it, from the request to the end of the body. */
export type Fetcher = (url: string, signal: AbortSignal) => Promise<MinimalResponse>;

/** A GET through Node's own http/https modules: the response is the body stream. */
function nodeHttpGet(url: string, signal: AbortSignal, agents: { http: http.Agent; https: https.Agent }): Promise<MinimalResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).get(url, { agent: secure ? agents.https : agents.http, signal }, (response) => {
      resolve({ status: response.statusCode ?? 0, body: response });
    });
    request.once('error', reject);
  });
}

/**
 * Open one of the clients for a download: node-fetch and node:http get keep-alive agents sized to
 * the concurrency, which `close()` destroys; built-in fetch keeps its own connection pool.
 */
export async function openClient(client: FetchClient, concurrency: number): Promise<{ fetcher: Fetcher; close(): void }> {
  if (client === 'builtin') {
    return { fetcher: (url, signal) => fetch(url, { signal }) as Promise<MinimalResponse>, close() {} };
  }
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
    https: new https.Agent({ keepAlive: true, maxSockets: concurrency }),
  };
  const close = () => { agents.http.destroy(); agents.https.destroy(); };
  if (client === 'node:http') return { fetcher: (url, signal) => nodeHttpGet(url, signal, agents), close };
  // node-fetch 3 is an ES module: import(), not require.
  const { default: nodeFetch } = await import('node-fetch');
  return {
    fetcher: (url, signal) => nodeFetch(url, { signal, highWaterMark: 1 << 20, agent: (parsed: URL) => (parsed.protocol === 'https:' ? agents.https : agents.http) }) as unknown as Promise<MinimalResponse>,
    close,
  };
}

/**
 * Read a body to its end, counting bytes; stop once past `maxBytes` (the count says so).
 * node-fetch's and node:http's bodies are Node streams: 'data' events cost about half of what async
 * iteration does, and per-request CPU decides how close a bounded download gets to its ideal time.
 */
export function countBody(body: MinimalResponse['body'], maxBytes: number): Promise<number> {
  if (body === null) return Promise.resolve(0);
  if (!isNodeStream(body)) return countIterable(body, maxBytes);
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let settled = false;
    body.on('data', (chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) { settled = true; body.destroy(); resolve(bytes); }
    });
    body.once('end', () => { settled = true; resolve(bytes); });
    body.once('error', reject);
    // A plain http response can close with neither 'end' nor 'error' when its connection drops. The
    // flag comes first: an Error built on every normal close would cost a stack trace per page.
    body.once('close', () => { if (!settled) reject(new Error('connection closed before the body ended')); });
  });
}

async function countIterable(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) break;
  }
  return bytes;
}

function isNodeStream(body: object): body is NodeJS.ReadableStream & { destroy(): void } {
  return typeof (body as { on?: unknown }).on === 'function' && typeof (body as { destroy?: unknown }).destroy === 'function';
}

/**
 * Reading a response body to its end while counting its bytes, whichever client gave it: a Node
 * stream (node-fetch, node:http) or a web stream (built-in fetch).
 */

/** A body as the clients give it: a Node stream or an async iterable of chunks; null for none. */
export type ResponseBody = AsyncIterable<Uint8Array> | null;

/**
 * Read a body to its end, counting bytes; stop once past `maxBytes` (the count says so).
 * node-fetch's and node:http's bodies are Node streams: 'data' events cost about half of what async
 * iteration does, and per-request CPU decides how close a bounded download gets to its ideal time.
 */
export function countBody(body: ResponseBody, maxBytes: number): Promise<number> {
  if (body === null) return Promise.resolve(0);
  if (!isNodeStream(body)) return countIterable(body, maxBytes);
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let settled = false;
    body.on('data', (chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        settled = true;
        body.destroy();
        resolve(bytes);
      }
    });
    body.once('end', () => {
      settled = true;
      resolve(bytes);
    });
    body.once('error', reject);
    // A plain http response can close with neither 'end' nor 'error' when its connection drops. The
    // flag comes first: an Error built on every normal close would cost a stack trace per page.
    body.once('close', () => {
      if (!settled) reject(new Error('connection closed before the body ended'));
    });
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
  return (
    typeof (body as { on?: unknown }).on === 'function' && typeof (body as { destroy?: unknown }).destroy === 'function'
  );
}

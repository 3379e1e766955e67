/**
 * The floor under any Node HTTP client on this machine: a bounded loop over bare `http.get` with a
 * keep-alive agent — no fetch layer, no timeouts, no retries. The I/O bench sets downloadAll beside it.
 */
import * as http from 'node:http';

function get(url: string, agent: http.Agent): Promise<boolean> {
  return new Promise((resolve) => {
    http.get(url, { agent }, (response) => {
      response.on('data', () => {});
      response.once('end', () => resolve(response.statusCode === 200));
      response.once('error', () => resolve(false));
    }).once('error', () => resolve(false));
  });
}

/** Download `urls` with at most `concurrency` in flight; returns how many answered 200. */
export async function bareHttpDownload(urls: readonly string[], concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let ok = 0;
  const runner = async () => {
    while (next < urls.length) if (await get(urls[next++], agent)) ok++;
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, runner));
    return ok;
  } finally {
    agent.destroy();
  }
}

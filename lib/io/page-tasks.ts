/**
 * A worker task that downloads: run by `parallelMap(items, { file: compiledFile('io/page-tasks'),
 * name: 'fetchPages' })`, so only the workers that download load the HTTP clients.
 */
import { downloadAll } from './download';

/** Download a batch of pages with the worker's own event loop: I/O inside a worker thread. */
export async function fetchPages({
  urls,
  concurrency,
}: {
  urls: string[];
  concurrency: number;
}): Promise<{ ok: number; bytes: number }> {
  const results = await downloadAll(urls, { concurrency });
  return {
    ok: results.filter((result) => result.ok).length,
    bytes: results.reduce((sum, result) => sum + result.bytes, 0),
  };
}

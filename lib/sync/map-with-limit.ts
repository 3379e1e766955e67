/**
 * The bounded runner every client here uses: `limit` async loops share one index, each taking the
 * next item when its call settles, so at most `limit` calls are in flight and a slow one holds up
 * only its own loop.
 */
import { checkWhole } from '../check-range';

/**
 * Call `fn` on every item with at most `limit` calls in flight (Infinity: all at once); the results
 * in the items' order.
 * After a call rejects no loop takes another item: the calls in flight settle, then the first error
 * is thrown, so nothing this started still runs once the promise has settled.
 * @example const sizes = await mapWithLimit(urls, 10, async (url) => (await fetch(url)).status);
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  // Infinity: every call at once (downloadAll's unbounded run).
  if (limit !== Infinity) checkWhole('limit', limit, { min: 1 });
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const loop = async () => {
    // Nothing awaits between the check and the ++: no other loop runs in between, so no lock.
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, loop));
  if (failure) throw failure.error;
  return results;
}

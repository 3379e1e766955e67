/**
 * `usingStarted`: what every `with…` function of the lib does with what it starts (a server, a pool):
 * hand it to `fn` and stop it afterwards, also when `fn` throws, so that re-running a notebook cell
 * never leaves one behind.
 */

/** Something that holds a process, a thread or a port until it is closed. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Run `fn` with what `starting` resolves to, then stop it with `stop` (by default its `close()`),
 * also when `fn` throws; resolves with what `fn` resolved to, once it has stopped.
 * If `starting` rejects, `fn` never runs (a start that fails stops what it had started itself).
 * @example await usingStarted(startLatencyServer({}), (server) => fetch(server.url));
 * @example await usingStarted(createProcessPool({ workers: 2 }), (pool) => parallelMap(items, 'echo', { pool }),
 *   (pool) => pool.terminate());
 */
export function usingStarted<R extends Closable, T>(starting: Promise<R>, fn: (started: R) => Promise<T>): Promise<T>;
export function usingStarted<R, T>(
  starting: Promise<R>,
  fn: (started: R) => Promise<T>,
  stop: (started: R) => Promise<void>,
): Promise<T>;
export async function usingStarted<R, T>(
  starting: Promise<R>,
  fn: (started: R) => Promise<T>,
  stop = (started: R) => (started as unknown as Closable).close(),
): Promise<T> {
  const started = await starting;
  try {
    return await fn(started);
  } finally {
    await stop(started);
  }
}

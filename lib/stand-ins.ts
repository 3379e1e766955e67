/**
 * Stand-ins for the two kinds of work: waiting (a timer, like a network reply) and computing (a busy
 * loop). Small enough for worker threads to load: the worker tasks use them too.
 */

/** Resolve after `ms` milliseconds without using the CPU: a stand-in for waiting on I/O. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keep this thread busy for `ms` milliseconds: a stand-in for computing. Returns the loop count. */
export function spinFor(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

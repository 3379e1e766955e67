/**
 * What is running now: every worker pool and server process the lib started registers how to stop
 * it, and unregisters when it stops. An interrupt (the kernel's, or Ctrl-C) can then stop everything
 * a cell started, instead of leaving it to finish unobserved after the cell was abandoned.
 */

type Stop = () => Promise<void>;

const running = new Set<Stop>();

/**
 * Register `stop` until the returned function is called (call it once the resource stopped).
 * @example const forget = track(() => pool.terminate()); … ; forget();
 */
export function track(stop: Stop): () => void {
  running.add(stop);
  return () => {
    running.delete(stop);
  };
}

/** How many registered resources are running now. */
export function runningCount(): number {
  return running.size;
}

/** Stop everything registered, all at once; failures to stop are ignored (the goal is that nothing runs on). */
export async function stopEverything(): Promise<void> {
  const stops = [...running];
  running.clear();
  await Promise.all(stops.map((stop) => stop().catch(() => {})));
}

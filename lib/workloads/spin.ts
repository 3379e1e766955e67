/** The computing stand-in: a busy loop that keeps one thread's CPU for a while. */

/**
 * Keep this thread busy for `ms` milliseconds of wall time. Returns the loop count.
 * Timed by the clock, so on a busy machine it does less work in the same time: use it to hold a
 * thread, not to measure how much CPU a schedule gets.
 * @example spinFor(50) // ≈ 50 ms later
 */
export function spinFor(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

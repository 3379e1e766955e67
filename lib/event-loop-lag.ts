/**
 * The GIL analogue, measured: while `fn` runs, a timer asks to tick every `intervalMs`; how late each
 * tick fires is how long the one JavaScript thread was busy elsewhere.
 */
export interface LagReport<T> {
  result: T;
  wallMs: number;
  /** Each tick: when it fired (ms since start) and how late it was. */
  ticks: { atMs: number; lateMs: number }[];
  maxLagMs: number;
  meanLagMs: number;
}

/**
 * Run `fn` while a ticking timer watches the event loop. (perf_hooks' `monitorEventLoopDelay` missed
 * single long blocks in our runs on Node 20, so each tick's lateness is measured directly.)
 * @example const { maxLagMs } = await measureEventLoopLag(() => sumOfSquares(1e8)); // the loop was blocked
 */
export async function measureEventLoopLag<T>(fn: () => T | Promise<T>, { intervalMs = 10 } = {}): Promise<LagReport<Awaited<T>>> {
  if (!(intervalMs >= 1)) throw new RangeError('Expected `intervalMs` to be at least 1');
  const ticks: { atMs: number; lateMs: number }[] = [];
  const started = performance.now();
  let expected = started + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    ticks.push({ atMs: now - started, lateMs: Math.max(0, now - expected) });
    expected = now + intervalMs;
  }, intervalMs);
  try {
    // Let the timer arm before fn can block the thread.
    await new Promise((resolve) => setImmediate(resolve));
    const result = await fn();
    // One more interval, so a tick delayed by a synchronous fn is recorded.
    await new Promise((resolve) => setTimeout(resolve, intervalMs + 1));
    const wallMs = performance.now() - started;
    const lates = ticks.map((tick) => tick.lateMs);
    return {
      result,
      wallMs,
      ticks,
      maxLagMs: Math.max(0, ...lates),
      meanLagMs: lates.length ? lates.reduce((a, b) => a + b, 0) / lates.length : 0,
    };
  } finally {
    clearInterval(timer);
  }
}

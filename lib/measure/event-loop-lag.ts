/**
 * The GIL analogue, measured: while `fn` runs, a timer asks to tick every `intervalMs`; how late each
 * tick fires is how long the one JavaScript thread was busy elsewhere. perf_hooks'
 * `monitorEventLoopDelay` histogram watches the same thing from libuv's side; both are reported.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LagReport<T> {
  result: T;
  wallMs: number;
  /** Each tick: when it fired (ms since start) and how late it was. */
  ticks: { atMs: number; lateMs: number }[];
  maxLagMs: number;
  meanLagMs: number;
  /** perf_hooks' event-loop-delay histogram over the same run (ms). */
  histogram: { maxMs: number; meanMs: number; p99Ms: number };
}

/**
 * Run `fn` while a ticking timer and perf_hooks' `monitorEventLoopDelay` watch the event loop.
 * @example const { maxLagMs } = await measureEventLoopLag(() => sumOfSquares(1e8)); // the loop was blocked
 */
export async function measureEventLoopLag<T>(
  fn: () => T | Promise<T>,
  { intervalMs = 10 } = {},
): Promise<LagReport<Awaited<T>>> {
  if (!(intervalMs >= 1)) throw new RangeError('Expected `intervalMs` to be at least 1');
  const ticks: { atMs: number; lateMs: number }[] = [];
  const started = performance.now();
  let expected = started + intervalMs;
  const delays = monitorEventLoopDelay({ resolution: intervalMs });
  delays.enable();
  const timer = setInterval(() => {
    const now = performance.now();
    ticks.push({ atMs: now - started, lateMs: Math.max(0, now - expected) });
    expected = now + intervalMs;
  }, intervalMs);
  try {
    // Let both watchers arm before fn can block the thread: the histogram samples on its own libuv
    // timer, which misses a block that starts before its first interval has passed.
    await new Promise((resolve) => setTimeout(resolve, intervalMs + 1));
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
      histogram:
        delays.count > 0
          ? { maxMs: delays.max / 1e6, meanMs: delays.mean / 1e6, p99Ms: delays.percentile(99) / 1e6 }
          : { maxMs: 0, meanMs: 0, p99Ms: 0 },
    };
  } finally {
    clearInterval(timer);
    delays.disable();
  }
}

/**
 * The computing stand-ins: busy loops that keep one thread's CPU. `spinWork` does a fixed amount of
 * work, so two of them take twice as long on one core as on two — what a measurement of parallelism
 * needs. `spinFor` loops until the clock says stop: it holds a thread for a while, whatever else runs.
 */
import { checkWhole } from '../check-range';

/**
 * `iterations` rounds of a xorshift generator: fixed work, no memory traffic, a result the optimizer
 * cannot drop.
 * @example spinWork(workRate() * 50) // ≈ 50 ms of one core
 */
export function spinWork(iterations: number): number {
  checkWhole('iterations', iterations, { min: 0 });
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

/**
 * How many `spinWork` iterations this thread runs per millisecond: the fastest of a few warmed short
 * runs, so that a moment of competition for the core does not shrink the work it sizes.
 */
export function workRate(): number {
  const probe = 200_000;
  spinWork(probe); // let the JIT compile the loop first
  let fastestMs = Infinity;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    spinWork(probe);
    fastestMs = Math.min(fastestMs, performance.now() - started);
  }
  return Math.max(1, Math.round(probe / Math.max(fastestMs, 1e-3)));
}

/**
 * Keep this thread busy for `ms` milliseconds of wall time. Returns the loop count.
 * Timed by the clock: on a busy machine it does less work in the same time. Use it to hold a thread
 * (a blocked event loop), not to measure how much CPU a schedule gets (use `spinWork`).
 * @example spinFor(50) // ≈ 50 ms later
 */
export function spinFor(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

/**
 * Amdahl's law: with a serial fraction s of the work, p cores give a speedup of 1 / (s + (1 − s) / p).
 * Pure functions, to fit the law to measured speedups and to draw its curve.
 */
import { availableParallelism } from 'node:os';

/**
 * Amdahl's law fitted to measured speedups: the serial fraction s in S(p) = 1 / (s + (1 - s) / p),
 * by least squares on 1/S - 1/p = s (1 - 1/p), where p = min(workers, cores): workers past the
 * core count only take turns. Rows with p = 1 carry no information about s.
 */
export function amdahlSerialFraction(
  rows: readonly { workers: number; speedup: number }[],
  cores = availableParallelism(),
): number {
  let numerator = 0;
  let denominator = 0;
  for (const { workers, speedup } of rows) {
    const p = Math.min(workers, cores);
    if (p <= 1) continue;
    const x = 1 - 1 / p;
    numerator += x * (1 / speedup - 1 / p);
    denominator += x * x;
  }
  if (denominator === 0)
    throw new RangeError(
      "Expected at least one row with more than one worker on more than one core to fit Amdahl's law",
    );
  return Math.min(1, Math.max(0, numerator / denominator));
}

/** Amdahl's predicted speedup for `workers` with serial fraction `serial`, capped by the cores. */
export function amdahlSpeedup(serial: number, workers: number, cores = availableParallelism()): number {
  const p = Math.min(workers, cores);
  return 1 / (serial + (1 - serial) / p);
}

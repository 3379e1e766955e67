/** Timing helpers: wall clock, CPU time and the statistics the notebooks report. */
import { mainThreadCpuMs } from './thread-times';

/**
 * Milliseconds since the epoch, at `performance.now()`'s resolution: unlike `performance.now()`, whose
 * origin is each thread's start, comparable between the main thread and its workers.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** What `measure` returns: the function's result and how long it took. */
export interface Measurement<T> {
  result: T;
  ms: number;
}

/**
 * Time one call of `fn` (sync or async) on the wall clock.
 * @example const { ms, result } = await measure(() => fetchAll(urls));
 */
export async function measure<T>(fn: () => T | Promise<T>): Promise<Measurement<Awaited<T>>> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

/** What `profileTask` returns: where a task's time went. */
export interface TaskProfile<T> {
  result: T;
  wallMs: number;
  /** CPU time of this process (all threads), user + system. */
  cpuMs: number;
  /** cpuMs / wallMs: near 1 means CPU-bound, near 0 means waiting (I/O-bound). */
  cpuRatio: number;
  /**
   * CPU time of the main thread alone, the one JavaScript runs on (null off Linux): at most `wallMs`.
   * What `cpuMs` holds beyond it ran on other threads — workers, or V8's garbage collector and compiler.
   */
  mainThreadCpuMs: number | null;
  kind: 'cpu-bound' | 'io-bound' | 'mixed';
}

/**
 * Classify a task by measurement: run it once and compare CPU time with wall time.
 * CPU time counts every thread of the process, so a task that keeps two workers busy can reach 2.
 * @example const profile = await profileTask(() => sumOfSquares(1e7)); profile.kind // 'cpu-bound'
 */
export async function profileTask<T>(fn: () => T | Promise<T>): Promise<TaskProfile<Awaited<T>>> {
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const { result, ms } = await measure(fn);
  const mainAfter = mainThreadCpuMs();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const cpuRatio = ms > 0 ? cpuMs / ms : 0;
  const mainThread = mainBefore !== null && mainAfter !== null ? mainAfter - mainBefore : null;
  return { result, wallMs: ms, cpuMs, cpuRatio, mainThreadCpuMs: mainThread, kind: classifyCpuRatio(cpuRatio) };
}

/**
 * What a task's CPU time over its wall time says about it: 0.7 and up computes, 0.3 and below waits.
 * On a busy machine a computing task gets less than a whole core and can read as `mixed`.
 * @example classifyCpuRatio(0.95) // 'cpu-bound'
 */
export function classifyCpuRatio(cpuRatio: number): TaskProfile<unknown>['kind'] {
  return cpuRatio >= 0.7 ? 'cpu-bound' : cpuRatio <= 0.3 ? 'io-bound' : 'mixed';
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('Expected at least one value for the median');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Throws the RangeError every median-of-runs helper gives for a `runs` that is not a whole number
 * from 1 up (to `max`, when given).
 */
export function checkRuns(runs: number, max = Infinity): void {
  if (!Number.isInteger(runs) || runs < 1 || runs > max)
    throw new RangeError(`Expected \`runs\` to be a whole number from 1 ${max === Infinity ? 'up' : `to ${max}`}`);
}

/**
 * Run `fn` `runs` times, one after another: the whole result of the run whose `size` is the median
 * (the lower middle for an even count), with the smallest and largest `size` of all runs — for
 * experiments that show one run (its timeline, its spans) and the spread of all.
 * @example const { median, min, max } = await medianRun(3, () => downloadOnce(), (run) => run.wallMs);
 */
export async function medianRun<T>(
  runs: number,
  fn: () => Promise<T>,
  size: (result: T) => number,
): Promise<{ median: T; min: number; max: number }> {
  checkRuns(runs);
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await fn());
  const ordered = results.sort((a, b) => size(a) - size(b));
  return { median: ordered[(ordered.length - 1) >> 1], min: size(ordered[0]), max: size(ordered.at(-1)!) };
}

/**
 * Run `fn` `runs` times: the median wall time, the fastest and the slowest (the spread a plot
 * draws), and every run's result.
 * @example const { ms } = await medianOf(5, () => work());
 */
export async function medianOf<T>(
  runs: number,
  fn: () => T | Promise<T>,
): Promise<{ ms: number; minMs: number; maxMs: number; results: Awaited<T>[] }> {
  checkRuns(runs);
  const times: number[] = [];
  const results: Awaited<T>[] = [];
  for (let run = 0; run < runs; run++) {
    const { ms, result } = await measure(fn);
    times.push(ms);
    results.push(result);
  }
  return { ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), results };
}

/**
 * `profileTask` `runs` times: the median wall time and the median CPU time, the least and most CPU
 * time of a run, and every run's result.
 * @example const { wallMs, cpuMs } = await medianProfile(5, () => downloadAll(urls));
 */
export async function medianProfile<T>(
  runs: number,
  fn: () => T | Promise<T>,
): Promise<{ wallMs: number; cpuMs: number; minCpuMs: number; maxCpuMs: number; results: Awaited<T>[] }> {
  checkRuns(runs);
  const profiles: TaskProfile<Awaited<T>>[] = [];
  for (let run = 0; run < runs; run++) profiles.push(await profileTask(fn));
  const cpu = profiles.map((p) => p.cpuMs);
  return {
    wallMs: median(profiles.map((p) => p.wallMs)),
    cpuMs: median(cpu),
    minCpuMs: Math.min(...cpu),
    maxCpuMs: Math.max(...cpu),
    results: profiles.map((p) => p.result),
  };
}

/** Resident memory, in MiB: what this process (every thread of it) holds in RAM. */

/** Bytes in a mebibyte. */
export const MIB = 2 ** 20;

/**
 * This process's resident set size now, in MiB.
 * @example const before = rssMiB(); … ; const growthMiB = rssMiB() - before;
 */
export function rssMiB(): number {
  return process.memoryUsage.rss() / MIB;
}

/**
 * Run `fn` while sampling the resident memory every `intervalMs` (and once at the end, since a
 * synchronous `fn` blocks the sampler): its wall time and its peak growth over the start, in MiB.
 * @example const { wallMs, peakGrowthMiB } = await withPeakMemory(() => parallelMap(items, 'echo'));
 */
/**
 * Resident memory of another process by its pid, from /proc (Linux); NaN where there is none.
 * @example processRssMiB(child.pid!)
 */
export function processRssMiB(pid: number): number {
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function withPeakMemory<T>(
  fn: () => T | Promise<T>,
  { intervalMs = 5 } = {},
): Promise<{ result: Awaited<T>; wallMs: number; peakGrowthMiB: number }> {
  const before = rssMiB();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB());
  }, intervalMs);
  const started = performance.now();
  let result: Awaited<T>;
  try {
    result = await fn();
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  peak = Math.max(peak, rssMiB());
  return { result, wallMs, peakGrowthMiB: peak - before };
}

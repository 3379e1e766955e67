/**
 * The latency server's injected faults: which request meets which fault is decided by a hash of its
 * path and attempt number, so a test knows in advance which requests fail, whatever order they arrive
 * in; and the count of attempts per path, kept in bounded memory.
 */

export type FaultKind = '500' | 'reset' | 'stall';

export interface FaultOptions {
  /** Share of requests that fail, 0 to 1. */
  rate: number;
  /** Seed of the fault pattern: the same seed fails the same (path, attempt) pairs. */
  seed?: number;
  kinds?: FaultKind[];
}

/** Paths whose attempt counts are remembered; the least recently asked for are forgotten past this. */
export const REMEMBERED_PATHS = 100_000;

/** A fast, seeded 32-bit hash: FNV-1a with a final mix. */
function hash32(seed: number, text: string): number {
  let hash = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 2246822507);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** A seeded hash to [0, 1): the fault decision depends on the request, not on arrival order. */
function unitHash(seed: number, text: string): number {
  return hash32(seed, text) / 2 ** 32;
}

/**
 * The fault a request meets, or null: decided by a hash of its path and attempt number.
 * @param attempt 1 for a path's first request to this server, 2 for its second, …
 * @example faultFor({ rate: 0.1, seed: 7 }, '/page/3', 1) // null, or '500', 'reset' or 'stall'
 */
export function faultFor(faults: FaultOptions | undefined, path: string, attempt: number): FaultKind | null {
  if (!faults) return null;
  const seed = faults.seed ?? 1;
  const kinds = faults.kinds ?? ['500', 'reset', 'stall'];
  return unitHash(seed, `${path}#${attempt}`) < faults.rate
    ? kinds[Math.floor(unitHash(seed + 1, path + attempt) * kinds.length)]
    : null;
}

/**
 * Counts the requests of each path, in memory that does not grow with the paths' length or number:
 * a path is remembered as a 53-bit hash of it (two paths share a count with odds of about one in
 * 10⁶ among 100 000 paths), and at most `limit` paths are remembered, the least recently asked for
 * forgotten first. About 90 bytes a path (a Map of numbers): 9 MB at the default limit.
 */
export class AttemptCounter {
  private readonly attempts = new Map<number, number>();

  constructor(private readonly limit = REMEMBERED_PATHS) {}

  /** Count one more request of `path`; returns its attempt number (1 for the first). */
  next(path: string): number {
    const key = hash32(0x9e3779b9, path) * 2 ** 21 + (hash32(0x7f4a7c15, path) >>> 11);
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    // Re-inserted, the key moves to the end: the Map's order is the order of last use.
    this.attempts.delete(key);
    this.attempts.set(key, attempt);
    if (this.attempts.size > this.limit) this.attempts.delete(this.attempts.keys().next().value!);
    return attempt;
  }

  /** How many paths are remembered now. */
  get size(): number {
    return this.attempts.size;
  }
}

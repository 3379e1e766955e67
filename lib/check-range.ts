/**
 * The check every entry makes of a number it is given (an option, a flag, a parameter), with the one
 * message shape the lib gives: the name, what it must be, what came. Rows of `LIMITS` are `Range`s.
 */

/** Where a number may lie: from `min` (or just above it, when `above`) to `max` (none: no ceiling). */
export interface Range {
  readonly min: number;
  readonly max?: number;
  /** `min` itself is refused: a duration "above 0". */
  readonly above?: boolean;
}

/** `from 1 to 64`, `from 1 up`, `above 0, up to 60000`. */
export function describeRange({ min, max, above }: Range): string {
  const floor = above ? `above ${min}` : `from ${min}`;
  if (max === undefined) return above ? floor : `${floor} up`;
  return above ? `${floor}, up to ${max}` : `${floor} to ${max}`;
}

/** Whether `value` is a number within `range` (a whole one when `whole`). */
export function inRange(value: unknown, { min, max, above }: Range, whole = true): value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (whole && !Number.isSafeInteger(value)) return false;
  return (above ? value > min : value >= min) && (max === undefined || value <= max);
}

/** Decimal digits only: `0x10`, `1e12`, `1.5`, `-1` and the empty string are not whole numbers. */
export function parseWhole(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

// A string is quoted, so that "got \"5\"" does not read as the number 5 it was not.
const shown = (value: unknown) =>
  Array.isArray(value) || typeof value === 'string' ? JSON.stringify(value) : String(value);

/**
 * Throws a RangeError unless `value` is a whole number within `range`.
 * @param noun what it counts, when the name alone does not say: `threads`.
 * @example checkWhole('workers', workers, LIMITS.workers)
 * // Expected `workers` to be a whole number from 1 to 64, got 0
 */
export function checkWhole(name: string, value: unknown, range: Range, noun?: string): asserts value is number {
  if (!inRange(value, range))
    throw new RangeError(
      `Expected \`${name}\` to be a whole number${noun ? ` of ${noun}` : ''} ${describeRange(range)}, ` +
        `got ${shown(value)}`,
    );
}

/**
 * Throws a RangeError unless `value` is a number of milliseconds within `range` (fractions allowed).
 * @example checkMs('holdMs', holdMs, LIMITS.blockMs)
 * // Expected `holdMs` to be a number of milliseconds from 1 to 10000, got 0
 */
export function checkMs(name: string, value: unknown, range: Range): asserts value is number {
  if (!inRange(value, range, false))
    throw new RangeError(
      `Expected \`${name}\` to be a number of milliseconds ${describeRange(range)}, got ${shown(value)}`,
    );
}

/**
 * Throws a RangeError unless `values` is a non-empty list of whole numbers within `range`.
 * @example checkWholeList('workerCounts', [1, 2], LIMITS.workers)
 */
export function checkWholeList(name: string, values: unknown, range: Range): asserts values is number[] {
  if (!Array.isArray(values) || values.length === 0 || !values.every((value) => inRange(value, range)))
    throw new RangeError(`Expected \`${name}\` to list whole numbers ${describeRange(range)}, got ${shown(values)}`);
}

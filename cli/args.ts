/** Turning command-line option strings into checked values; a bad one is a UsageError (exit 2). */
import { describeRange, inRange, parseWhole, type Range } from '../lib/check-range';

/** A bad command line: printed with usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/**
 * What a whole-number option may hold (a row of `LIMITS`, mostly): every one has a ceiling, so
 * nothing absurd starts.
 */
export interface Bounds {
  min?: number;
  max: number;
  /** `min` itself is refused (a `LIMITS` row such as `taskMs` is above 0). */
  above?: boolean;
}

/** Options count from 0 unless their bounds say otherwise. */
const asRange = ({ min = 0, max, above }: Bounds): Range => ({ min, max, above });

/**
 * A whole-number option within bounds, given in decimal digits.
 * @example intOption(values, 'workers', 2, LIMITS.workers) // --workers 4
 */
export function intOption(values: OptionValues, name: string, fallback: number, bounds: Bounds): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = typeof text === 'string' ? parseWhole(text.trim()) : undefined;
  if (!inRange(value, asRange(bounds))) {
    throw new UsageError(`--${name} expects a whole number ${describeRange(asRange(bounds))}, got "${String(text)}"`);
  }
  return value;
}

/**
 * A comma-separated list of whole numbers within bounds, at most `maxLength` of them.
 * @example intListOption(values, 'workers', [1, 2, 4], LIMITS.workers) // --workers 1,2,4
 */
export function intListOption(
  values: OptionValues,
  name: string,
  fallback: number[],
  bounds: Bounds & { maxLength?: number },
): number[] {
  const text = values[name];
  if (text === undefined) return fallback;
  const parts = typeof text === 'string' ? text.split(',').map((part) => parseWhole(part.trim())) : [];
  const maxLength = bounds.maxLength ?? 32;
  if (parts.length === 0 || parts.length > maxLength || !parts.every((value) => inRange(value, asRange(bounds)))) {
    throw new UsageError(
      `--${name} expects up to ${maxLength} whole numbers ${describeRange(asRange(bounds))}, separated by commas, ` +
        `got "${String(text)}"`,
    );
  }
  return parts as number[];
}

/** An option that must be one of `choices`. */
export function choiceOption<T extends string>(
  values: OptionValues,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = values[name];
  if (text === undefined) return fallback;
  if (typeof text !== 'string' || !choices.includes(text as T)) {
    throw new UsageError(`--${name} expects one of ${choices.join(', ')}, got "${String(text)}"`);
  }
  return text as T;
}

/** Turning command-line option strings into checked values; a bad one is a UsageError (exit 2). */

/** A bad command line: printed with usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/**
 * A whole-number option, checked against a minimum.
 * @example intOption(values, 'workers', 2, 1)
 */
export function intOption(values: OptionValues, name: string, fallback: number, min = 0): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} expects a whole number from ${min} up, got "${String(text)}"`);
  }
  return value;
}

/**
 * A comma-separated list of whole numbers, each checked against a minimum.
 * @example intListOption(values, 'workers', [1, 2, 4], 1) // --workers 1,2,4
 */
export function intListOption(values: OptionValues, name: string, fallback: number[], min = 0): number[] {
  const text = values[name];
  if (text === undefined) return fallback;
  const parts = typeof text === 'string' ? text.split(',').map((part) => Number(part.trim())) : [];
  if (parts.length === 0 || !parts.every((value) => Number.isSafeInteger(value) && value >= min)) {
    throw new UsageError(`--${name} expects whole numbers from ${min} up, separated by commas, got "${String(text)}"`);
  }
  return parts;
}

/** An option that must be one of `choices`. */
export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[], fallback: T): T {
  const text = values[name];
  if (text === undefined) return fallback;
  if (typeof text !== 'string' || !choices.includes(text as T)) {
    throw new UsageError(`--${name} expects one of ${choices.join(', ')}, got "${String(text)}"`);
  }
  return text as T;
}

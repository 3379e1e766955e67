/**
 * Notebook parameters: UPPER_CASE constants that headless runs override from the environment.
 * `RUNBOOK_QUICK=1` swaps every default for its small `quick` value so tests run in seconds.
 */

/** True when `RUNBOOK_QUICK=1`: experiments shrink to test size. */
export function isQuick(): boolean {
  return process.env.RUNBOOK_QUICK === '1';
}

function rawValue(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Expected environment variable ${name} to hold whole numbers from 0 up, got "${text}"`);
  }
  return value;
}

/**
 * A whole-number parameter.
 * @param name the environment variable that overrides it, e.g. `'PAGE_COUNT'`.
 * @param fallback the notebook's default.
 * @param quick the default under `RUNBOOK_QUICK=1` (defaults to `fallback`).
 * @example const PAGE_COUNT = intParam('PAGE_COUNT', 50, 10);
 */
export function intParam(name: string, fallback: number, quick = fallback): number {
  const text = rawValue(name);
  return text === undefined ? (isQuick() ? quick : fallback) : parseInteger(name, text);
}

/**
 * A list of whole numbers, written in the environment as `1,2,4`.
 * @example const WORKER_COUNTS = intListParam('WORKER_COUNTS', [1, 2, 3, 4], [1, 2]);
 */
export function intListParam(name: string, fallback: number[], quick = fallback): number[] {
  const text = rawValue(name);
  if (text === undefined) return [...(isQuick() ? quick : fallback)];
  return text.split(',').map((part) => parseInteger(name, part.trim()));
}

/**
 * A text parameter, such as a URL list or a mode name.
 * @example const TARGET = stringParam('TARGET', 'embedded');
 */
export function stringParam(name: string, fallback: string, quick = fallback): string {
  return rawValue(name) ?? (isQuick() ? quick : fallback);
}

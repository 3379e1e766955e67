/**
 * Notebook parameters: UPPER_CASE constants whose value is the one written in the cell, unless an
 * environment variable of the same name overrides it (headless runs: `WORKER_COUNTS=1,2 npm start`,
 * and quick mode, whose smaller values the runner reads from each notebook's metadata). An override
 * is said under the cell, so a person never wonders why an edit did nothing.
 */
import { escapeHtml } from './html';
import { showHtml } from './display';

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

/** Say under the running cell that the environment, not the cell, chose this value. */
function noteOverride(name: string, used: unknown, written: unknown): void {
  showHtml(`<p class="runbook-param">${escapeHtml(`${name} = ${JSON.stringify(used)}, from the environment variable ${name} (the cell says ${JSON.stringify(written)})`)}</p>`);
}

/**
 * A whole-number parameter: `value` unless the environment variable `name` overrides it.
 * @example const PAGE_COUNT = intParam('PAGE_COUNT', 50);
 */
export function intParam(name: string, value: number): number {
  const text = rawValue(name);
  if (text === undefined) return value;
  const used = parseInteger(name, text);
  if (used !== value) noteOverride(name, used, value);
  return used;
}

/**
 * A list of whole numbers, written in the environment as `1,2,4`.
 * @example const WORKER_COUNTS = intListParam('WORKER_COUNTS', [1, 2, 3, 4]);
 */
export function intListParam(name: string, value: number[]): number[] {
  const text = rawValue(name);
  if (text === undefined) return [...value];
  const used = text.split(',').map((part) => parseInteger(name, part.trim()));
  if (used.join() !== value.join()) noteOverride(name, used, value);
  return used;
}

/**
 * A text parameter, such as a URL list or a mode name.
 * @example const TARGET = stringParam('TARGET', 'embedded');
 */
export function stringParam(name: string, value: string): string {
  const used = rawValue(name) ?? value;
  if (used !== value) noteOverride(name, used, value);
  return used;
}

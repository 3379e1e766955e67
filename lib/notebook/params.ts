/**
 * Notebook parameters: UPPER_CASE constants whose value is the one written in the cell, unless an
 * environment variable of the same name overrides it (headless runs: `WORKER_COUNTS=1,2 npm start`,
 * and quick mode, whose smaller values the runner reads from each notebook's metadata). An override
 * is said under the cell, so a person never wonders why an edit did nothing.
 */
import { describeRange, inRange, parseWhole, type Range } from '../check-range';
import { escapeHtml } from './html';
import { showHtml } from './display';

function rawValue(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The smallest and largest value a parameter may hold (a row of `LIMITS`, or its own); checked on the
 * cell's value and the environment's alike.
 */
export interface ParamBounds {
  min?: number;
  max?: number;
  /** `min` itself is refused (a `LIMITS` row such as `taskMs` is above 0). */
  above?: boolean;
}

/** Parameters count from 0 unless their bounds say otherwise. */
const asRange = ({ min = 0, max, above }: ParamBounds): Range => ({ min, max, above });

/** Decimal digits only: `0x10`, `1e12`, `1.5` and an empty list item are not counts. */
function parseInteger(name: string, text: string, bounds: ParamBounds, whole: string): number {
  const value = parseWhole(text);
  if (!inRange(value, asRange(bounds))) {
    throw new RangeError(
      `Expected environment variable ${name} to hold whole numbers ${describeRange(asRange(bounds))}, got "${whole}"`,
    );
  }
  return value;
}

/** A value written in the cell is checked too, so the error names the parameter, not an option deep in the lib. */
function checkWritten(name: string, values: readonly number[], bounds: ParamBounds): void {
  const bad = values.find((value) => !inRange(value, asRange(bounds)));
  if (bad !== undefined || values.length === 0) {
    throw new RangeError(
      `Expected ${name} to hold whole numbers ${describeRange(asRange(bounds))}, ` +
        `got ${JSON.stringify(values.length === 1 ? values[0] : values)}`,
    );
  }
}

/** Say under the running cell that the environment, not the cell, chose this value. */
function noteOverride(name: string, used: unknown, written: unknown): void {
  showHtml(
    `<p class="runbook-param">${escapeHtml(
      `${name} = ${JSON.stringify(used)}, from the environment variable ${name} ` +
        `(the cell says ${JSON.stringify(written)})`,
    )}</p>`,
  );
}

/**
 * A whole-number parameter: `value` unless the environment variable `name` overrides it; either
 * must lie within `bounds` (default: from 0 up).
 * @example const WORKERS = intParam('WORKERS', 2, { min: 1, max: 64 });
 */
export function intParam(name: string, value: number, bounds: ParamBounds = {}): number {
  checkWritten(name, [value], bounds);
  const text = rawValue(name);
  if (text === undefined) return value;
  const used = parseInteger(name, text, bounds, text);
  if (used !== value) noteOverride(name, used, value);
  return used;
}

/**
 * A list of whole numbers, written in the environment as `1,2,4`; each within `bounds`.
 * @example const WORKER_COUNTS = intListParam('WORKER_COUNTS', [1, 2, 3, 4], { min: 1, max: 64 });
 */
export function intListParam(name: string, value: number[], bounds: ParamBounds = {}): number[] {
  checkWritten(name, value, bounds);
  const text = rawValue(name);
  if (text === undefined) return [...value];
  const used = text.split(',').map((part) => parseInteger(name, part.trim(), bounds, text));
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

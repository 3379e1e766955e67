/**
 * The check every experiment makes of an option that names one of its fixed choices (a mode, a way
 * to wait), with the one message shape the lib gives: the option's name, the choices, what came.
 */

/** A string in quotes (so `"await null"` reads as one choice), anything else as `String` gives it. */
const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
const quoted = (values: readonly unknown[]) => values.map(shown).join(', ');

/**
 * Throws a RangeError unless `value` is one of `choices`.
 * @param name the option, as the caller spells it: `how`.
 * @example checkOneOf('how', how, LOCK_WAITS) // Expected `how` to be one of "lock", "lockAsync", got "spin"
 */
export function checkOneOf<T>(name: string, value: unknown, choices: readonly T[]): asserts value is T {
  if (!choices.includes(value as T))
    throw new RangeError(`Expected \`${name}\` to be one of ${quoted(choices)}, got ${shown(value)}`);
}

/**
 * Throws a RangeError unless `values` is a non-empty array of `choices`, naming those that are not.
 * @example checkSomeOf('modes', modes, PASSING_MODES) // Expected `modes` to list some of "clone", …, got "pickle"
 */
export function checkSomeOf<T>(name: string, values: unknown, choices: readonly T[]): asserts values is T[] {
  const unknown = Array.isArray(values) ? values.filter((value) => !choices.includes(value)) : [];
  if (!Array.isArray(values) || values.length === 0 || unknown.length > 0) {
    const got = !Array.isArray(values) ? shown(values) : unknown.length > 0 ? quoted(unknown) : 'none';
    throw new RangeError(`Expected \`${name}\` to list some of ${quoted(choices)}, got ${got}`);
  }
}

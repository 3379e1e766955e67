/** checkOneOf / checkSomeOf: an option naming fixed choices is refused by name, with the choices and what came. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOneOf, checkSomeOf } from '../lib/check-choice';

const WAYS = ['await null', 'await setImmediate'] as const;

test('checkOneOf accepts a choice, and refuses anything else naming the option, the choices and the value', () => {
  checkOneOf('awaitWith', 'await null', WAYS);
  assert.throws(
    () => checkOneOf('awaitWith', 'await nothing', WAYS),
    (error: Error) =>
      error instanceof RangeError &&
      error.message === 'Expected `awaitWith` to be one of "await null", "await setImmediate", got "await nothing"',
  );
  assert.throws(() => checkOneOf('awaitWith', undefined, WAYS), /got undefined$/);
  assert.throws(() => checkOneOf('awaitWith', 1n, WAYS), /got 1$/);
});

test('checkSomeOf accepts a list of choices; refuses an empty list, a non-list, or entries that are no choices', () => {
  checkSomeOf('modes', ['await setImmediate'], WAYS);
  assert.throws(
    () => checkSomeOf('modes', ['await null', 'pickle', 'json'], WAYS),
    (error: Error) =>
      error instanceof RangeError &&
      error.message === 'Expected `modes` to list some of "await null", "await setImmediate", got "pickle", "json"',
  );
  assert.throws(() => checkSomeOf('modes', [], WAYS), /`modes` to list some of .*, got none$/);
  assert.throws(() => checkSomeOf('modes', 'await null', WAYS), /`modes` to list some of .*, got "await null"$/);
});

test.run();

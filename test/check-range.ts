/** checkWhole / checkMs / checkWholeList: a number out of range is refused by name, with the range and what came. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkMs, checkWhole, checkWholeList, describeRange, inRange } from '../lib/check-range';
import { LIMITS } from '../lib/limits';

const refused = (message: string) => (error: Error) => error instanceof RangeError && error.message === message;

test('describeRange reads a range three ways: bounded, from a floor up, above a floor', () => {
  assert.is(describeRange({ min: 1, max: 64 }), 'from 1 to 64');
  assert.is(describeRange({ min: 1 }), 'from 1 up');
  assert.is(describeRange({ min: 0, above: true, max: 60_000 }), 'above 0, up to 60000');
  assert.is(describeRange({ min: 0, above: true }), 'above 0');
});

test('checkWhole accepts the whole numbers of its range, bounds included, and refuses anything else by name', () => {
  for (const value of [1, 2, 64]) checkWhole('workers', value, LIMITS.workers);
  checkWhole('iterations', 2 ** 40, { min: 0 });
  assert.throws(
    () => checkWhole('workers', 65, LIMITS.workers),
    refused('Expected `workers` to be a whole number from 1 to 64, got 65'),
  );
  assert.throws(
    () => checkWhole('workers', 0, LIMITS.workers, 'threads'),
    refused('Expected `workers` to be a whole number of threads from 1 to 64, got 0'),
  );
  for (const [value, shown] of [
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['2', '"2"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [2 ** 53, '9007199254740992'],
  ] as const) {
    assert.throws(
      () => checkWhole('n', value, { min: 0 }),
      refused(`Expected \`n\` to be a whole number from 0 up, got ${shown}`),
    );
  }
});

test('checkMs accepts fractions within its range, a floor "above" excluded, and refuses the rest', () => {
  checkMs('taskMs', 0.5, LIMITS.taskMs);
  checkMs('taskMs', 60_000, LIMITS.taskMs);
  checkMs('holdMs', 1, LIMITS.blockMs);
  checkMs('timeoutMs', Infinity, { min: 0 }); // no ceiling: Infinity is a number from 0 up
  assert.throws(
    () => checkMs('taskMs', 0, LIMITS.taskMs),
    refused('Expected `taskMs` to be a number of milliseconds above 0, up to 60000, got 0'),
  );
  assert.throws(() => checkMs('taskMs', 60_000.5, LIMITS.taskMs), /got 60000\.5$/);
  assert.throws(() => checkMs('taskMs', Infinity, LIMITS.taskMs), /got Infinity$/);
  assert.throws(
    () => checkMs('holdMs', Number.NaN, { min: 0 }),
    /`holdMs` to be a number of milliseconds from 0 up, got NaN$/,
  );
  assert.throws(() => checkMs('holdMs', '5', LIMITS.blockMs), /from 1 to 10000, got "5"$/);
  assert.throws(() => checkMs('ms', 2 ** 31, LIMITS.timerMs), /from 0 to 2147483647, got 2147483648$/);
});

test('checkWholeList accepts a non-empty list of whole numbers in range, and shows the whole list it refuses', () => {
  checkWholeList('workerCounts', [1, 2, 64], LIMITS.workers);
  assert.throws(
    () => checkWholeList('workerCounts', [1, 65], LIMITS.workers),
    refused('Expected `workerCounts` to list whole numbers from 1 to 64, got [1,65]'),
  );
  assert.throws(() => checkWholeList('workerCounts', [], LIMITS.workers), /got \[\]$/);
  assert.throws(() => checkWholeList('workerCounts', [1.5], LIMITS.workers), /got \[1\.5\]$/);
  assert.throws(() => checkWholeList('workerCounts', [Number.NaN], LIMITS.workers), /`workerCounts`/);
  assert.throws(() => checkWholeList('workerCounts', ['2'], LIMITS.workers), /got \["2"\]$/);
  assert.throws(() => checkWholeList('workerCounts', 2, LIMITS.workers), /got 2$/);
});

test('inRange is the test the checks share: whole by default, fractions when asked', () => {
  assert.ok(inRange(3, { min: 1, max: 3 }));
  assert.not.ok(inRange(3.5, { min: 1, max: 4 }));
  assert.ok(inRange(3.5, { min: 1, max: 4 }, false));
  assert.not.ok(inRange(0, { min: 0, above: true }, false));
});

test('every row of LIMITS is a range with a floor below its ceiling', () => {
  for (const [name, range] of Object.entries(LIMITS)) {
    const { min, max } = range as { min: number; max?: number };
    assert.ok(Number.isFinite(min) && (max === undefined || max > min), name);
  }
});

test.run();

/**
 * The CLI's option values: decimal whole numbers within bounds, lists of them, one of a few words;
 * anything else is a UsageError naming the option.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { choiceOption, intListOption, intOption, UsageError } from '../cli/args';

/** `read()` throws a UsageError with exactly `message`. */
function usageError(read: () => unknown, message: string): void {
  assert.throws(
    read,
    (error: Error) => error instanceof UsageError && error.name === 'UsageError' && error.message === message,
  );
}

test('intOption: the fallback when absent; decimal digits within bounds, spaces around them allowed', () => {
  assert.is(intOption({}, 'workers', 2, { min: 1, max: 64 }), 2);
  assert.is(intOption({ workers: '4' }, 'workers', 2, { min: 1, max: 64 }), 4);
  assert.is(intOption({ workers: ' 64 ' }, 'workers', 2, { min: 1, max: 64 }), 64);
  assert.is(intOption({ n: '0' }, 'n', 5, { max: 10 }), 0, 'the minimum is 0 unless given');
  assert.is(intOption({ n: '0001' }, 'n', 5, { max: 10 }), 1);
});

test('intOption refuses by name: hex, exponents, fractions, signs, empty, a bare flag and out-of-bounds values', () => {
  for (const text of ['0x10', '1e3', '1.5', '-1', '+3', '', ' ', 'four', '65', '0', '12345678901234567']) {
    usageError(
      () => intOption({ workers: text }, 'workers', 2, { min: 1, max: 64 }),
      `--workers expects a whole number from 1 to 64, got "${text}"`,
    );
  }
  usageError(
    () => intOption({ workers: true }, 'workers', 2, { min: 1, max: 64 }),
    '--workers expects a whole number from 1 to 64, got "true"',
  );
  usageError(() => intOption({ n: '11' }, 'n', 5, { max: 10 }), '--n expects a whole number from 0 to 10, got "11"');
});

test('intListOption: comma-separated whole numbers within bounds, at most maxLength (32 unless given) of them', () => {
  assert.equal(intListOption({}, 'workers', [1, 2, 4], { min: 1, max: 16 }), [1, 2, 4]);
  assert.equal(intListOption({ workers: '3' }, 'workers', [1], { min: 1, max: 16 }), [3]);
  assert.equal(intListOption({ workers: ' 1, 2 ,16' }, 'workers', [1], { min: 1, max: 16 }), [1, 2, 16]);
  assert.equal(intListOption({ sizes: '1,2,3' }, 'sizes', [1], { min: 1, max: 9, maxLength: 3 }), [1, 2, 3]);
  assert.is(intListOption({ counts: Array(32).fill('1').join(',') }, 'counts', [1], { min: 1, max: 9 }).length, 32);
  const expectation = '--workers expects up to 32 whole numbers from 1 to 16, separated by commas';
  for (const text of ['', '1,,2', '1,2,', '0', '17', '1;2', '1 2', '2,x', '1.5', Array(33).fill('1').join(',')]) {
    usageError(
      () => intListOption({ workers: text }, 'workers', [1], { min: 1, max: 16 }),
      `${expectation}, got "${text}"`,
    );
  }
  usageError(() => intListOption({ workers: true }, 'workers', [1], { min: 1, max: 16 }), `${expectation}, got "true"`);
  usageError(
    () => intListOption({ sizes: '1,2,3,4' }, 'sizes', [1], { min: 1, max: 9, maxLength: 3 }),
    '--sizes expects up to 3 whole numbers from 1 to 9, separated by commas, got "1,2,3,4"',
  );
});

test('choiceOption: one of the choices exactly, else refused with the choices listed', () => {
  const modes = ['async', 'atomics', 'async-mutex'] as const;
  assert.is(choiceOption({}, 'mode', modes, 'async'), 'async');
  assert.is(choiceOption({ mode: 'async-mutex' }, 'mode', modes, 'async'), 'async-mutex');
  for (const text of ['Async', 'atomics ', 'mutex', '']) {
    usageError(
      () => choiceOption({ mode: text }, 'mode', modes, 'async'),
      `--mode expects one of async, atomics, async-mutex, got "${text}"`,
    );
  }
  usageError(
    () => choiceOption({ mode: true }, 'mode', modes, 'async'),
    '--mode expects one of async, atomics, async-mutex, got "true"',
  );
});

test.run();

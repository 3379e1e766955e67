import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sumOfSquares, sumOfSquaresClosedForm, sumOfSquaresInexact } from '../lib';

test('small n by hand: 0, 1, 2, 3', () => {
  assert.is(sumOfSquares(0), 0n);
  assert.is(sumOfSquares(1), 0n);
  assert.is(sumOfSquares(2), 1n);
  assert.is(sumOfSquares(3), 5n);
});

test('equals the closed form across block and 2^20 boundaries', () => {
  for (const n of [4095, 4096, 4097, 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1, 3 * 2 ** 20 + 17]) {
    assert.is(sumOfSquares(n), sumOfSquaresClosedForm(n), `n = ${n}`);
  }
});

test('stays exact where the double loop does not (the guide workload and past i² > 2^53)', () => {
  assert.is(sumOfSquares(10_000_000), 333333283333335000000n); // Python: sum(i * i for i in range(10_000_000))
  assert.not.equal(BigInt(sumOfSquaresInexact(10_000_000)), 333333283333335000000n);
  for (const n of [94_906_265, 94_906_266, 94_906_267])
    assert.is(sumOfSquares(n), sumOfSquaresClosedForm(n), `n = ${n}`);
});

test('refuses non-integer, negative, non-finite and too large n', () => {
  for (const n of [1.5, -1, Infinity, NaN, 2 ** 33]) assert.throws(() => sumOfSquares(n), RangeError);
  assert.throws(() => sumOfSquares('10' as never), /whole number/);
});

test.run();

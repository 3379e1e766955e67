/**
 * The guide's `heavy_computation(n)`: Σ i² for 0 ≤ i < n, exact like Python's integers.
 * The loop really runs (it is the CPU load of the experiments); the closed form only checks it.
 */
import { checkWhole } from '../check-range';

const LOW_RANGE = 2 ** 20;
// l < 2^20 so l² < 2^40: 4096 of them sum below 2^52, still exact in a double.
const FLUSH_EVERY = 4096;
const MAX_N = 2 ** 32;
const SHIFT_LOW = 2n ** 20n;
const SHIFT_HIGH = 2n ** 40n;

function checkN(n: number): void {
  checkWhole('n', n, { min: 0, max: MAX_N });
}

/**
 * Σ i² for 0 ≤ i < n, computed by a loop and exact for every n up to 2^32.
 * Each i is split as h·2^20 + l; the loop sums l² and l in doubles (exact in blocks of 4096)
 * and folds in the high part per block: i² = h²·2^40 + 2hl·2^20 + l².
 * That keeps the inner loop as cheap as the inexact `s += i * i`.
 * @param n how many squares, the guide's `range(n)`.
 * @returns the exact sum as a bigint.
 * @example sumOfSquares(10_000_000) // 333333283333335000000n
 */
export function sumOfSquares(n: number): bigint {
  checkN(n);
  let total = 0n;
  for (let start = 0; start < n; ) {
    const high = Math.floor(start / LOW_RANGE);
    const end = Math.min(n, (high + 1) * LOW_RANGE, start + FLUSH_EVERY);
    let lowSquares = 0;
    let lowSum = 0;
    for (let low = start - high * LOW_RANGE, lowEnd = end - high * LOW_RANGE; low < lowEnd; low++) {
      lowSquares += low * low;
      lowSum += low;
    }
    const count = end - start;
    total += BigInt(high * high * count) * SHIFT_HIGH + BigInt(2 * high * lowSum) * SHIFT_LOW + BigInt(lowSquares);
    start = end;
  }
  return total;
}

/** The plain double loop, `s += i * i`: fast but inexact once the sum passes 2^53. For comparison only. */
export function sumOfSquaresInexact(n: number): number {
  checkN(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += i * i;
  return sum;
}

/** The closed form (n-1)·n·(2n-1)/6, used to check the loop. */
export function sumOfSquaresClosedForm(n: number): bigint {
  checkN(n);
  const big = BigInt(n);
  return n === 0 ? 0n : ((big - 1n) * big * (2n * big - 1n)) / 6n;
}

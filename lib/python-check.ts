/** Asking CPython for the guide's own numbers, when python3 is installed, to compare exactly. */
import { spawnSync } from 'node:child_process';

const PROGRAM = 'import sys\nfor n in map(int, sys.argv[1:]):\n    print(sum(i * i for i in range(n)))';

/**
 * Σ i² for i below each n, computed by python3's integers, as decimal strings; null without python3.
 * Slow on purpose (it is the guide's loop): about half a second per 10 million.
 * @example pythonSumOfSquares([10_000_000]) // ['333333283333335000000']
 */
export function pythonSumOfSquares(numbers: readonly number[]): string[] | null {
  if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new RangeError('Expected whole numbers from 0 up');
  const result = spawnSync('python3', ['-c', PROGRAM, ...numbers.map(String)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim().split('\n');
}

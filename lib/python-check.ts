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

const RACE_PROGRAM = `
import json, platform, threading
N, T = int(__import__('sys').argv[1]), 4
counter = 0
def identity(value):
    return value
def plain():
    global counter
    for _ in range(N):
        counter += 1
def read_call_write():
    global counter
    for _ in range(N):
        value = identity(counter)
        counter = value + 1
lost = {}
for name, body in (('counter += 1', plain), ('read, call, write', read_call_write)):
    counter = 0
    threads = [threading.Thread(target=body) for _ in range(T)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    lost[name] = (N * T - counter) / (N * T)
print(json.dumps({'python': platform.python_version(), 'threads': T, 'increments': N, 'lostShare': lost}))
`;

export interface PythonRace {
  python: string;
  threads: number;
  increments: number;
  /** Share of updates lost without a lock, by the shape of the increment. */
  lostShare: Record<string, number>;
}

/**
 * The guide's unlocked counter in CPython threads, two ways: `counter += 1`, and read → call → write.
 * Whatever it shows is one interpreter's behaviour on one run, never a guarantee. Null without python3.
 */
export function pythonCounterRace(increments = 200_000): PythonRace | null {
  if (!Number.isSafeInteger(increments) || increments < 1) throw new RangeError('Expected `increments` to be a whole number from 1 up');
  const result = spawnSync('python3', ['-c', RACE_PROGRAM, String(increments)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return JSON.parse(result.stdout) as PythonRace;
}

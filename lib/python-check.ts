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

const GIL_PROGRAM = `
import json, multiprocessing, platform, sys, time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
def heavy(n):
    return sum(i * i for i in range(n))
n, count, workers = map(int, sys.argv[1:4])
numbers = [n] * count
answers = []
def timed(run):
    started = time.perf_counter()
    answers.append(run())
    return (time.perf_counter() - started) * 1000
def with_threads():
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(heavy, numbers))
def with_processes():
    # fork: the children inherit heavy() from this -c program, whatever the platform's default.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('fork')) as pool:
        return list(pool.map(heavy, numbers))
# Three rounds, interleaved, medians kept: single runs on a busy or cold machine vary by 10 %.
rounds = [[timed(lambda: [heavy(x) for x in numbers]), timed(with_threads), timed(with_processes)] for _ in range(3)]
assert all(answer == answers[0] for answer in answers), 'the schedules disagree'
median = lambda values: sorted(values)[len(values) // 2]
print(json.dumps({'python': platform.python_version(), 'gilEnabled': getattr(sys, '_is_gil_enabled', lambda: True)(),
    'sequentialMs': median([r[0] for r in rounds]), 'threadsMs': median([r[1] for r in rounds]), 'processesMs': median([r[2] for r in rounds])}))
`;

export interface PythonGilRun {
  python: string;
  /** False only on a free-threaded CPython build with the GIL switched off. */
  gilEnabled: boolean;
  sequentialMs: number;
  /** Each time is the median of three rounds. A ThreadPoolExecutor of `workers` threads, started and shut down inside the timing. */
  threadsMs: number;
  /** A ProcessPoolExecutor of `workers` processes (forked), started and shut down inside the timing. */
  processesMs: number;
}

/**
 * The guide's central claim, in CPython itself: `heavy_computation(n)` `count` times, one after
 * another, on a thread pool and on a process pool of `workers`; medians of three interleaved rounds.
 * Null without python3 (or on a platform without fork).
 * @example pythonGilRun({ n: 2_000_000, count: 8, workers: 2 }) // threads ≈ sequential, processes ≈ half
 */
export function pythonGilRun({ n, count, workers }: { n: number; count: number; workers: number }): PythonGilRun | null {
  for (const [name, value] of Object.entries({ n, count, workers })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Expected \`${name}\` to be a whole number from 1 up`);
  }
  const result = spawnSync('python3', ['-c', GIL_PROGRAM, String(n), String(count), String(workers)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return JSON.parse(result.stdout) as PythonGilRun;
}

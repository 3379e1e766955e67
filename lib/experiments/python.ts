/**
 * CPython beside Node: the guide's own programs (the `.py` files beside this module) run by python3
 * when it is installed, each printing one JSON line. Every comparison with CPython goes through
 * `runPythonJson`, the notebooks', the benchmarks' and the tests' alike.
 */
import { spawnSync } from 'node:child_process';
import { sourceFile } from '../files';

let pythonFound: boolean | undefined;

/** Whether python3 runs here: the CPython rows of a comparison exist only then. */
export function hasPython(): boolean {
  pythonFound ??= spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;
  return pythonFound;
}

/**
 * Run a Python program and parse the one JSON line it prints.
 * @param script a path, or the name of a program beside this module (`'gil_run.py'`).
 * @returns the parsed JSON, or null when python3 is not installed.
 * @throws when the program fails, with its stderr.
 * @example runPythonJson<{ results: string[] }>('sum_of_squares.py', ['10']) // { results: ['285'] }
 */
export function runPythonJson<T>(script: string, args: readonly string[]): T | null {
  if (!hasPython()) return null;
  const file = script.includes('/') ? script : sourceFile(`experiments/${script}`);
  const result = spawnSync('python3', [file, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.signal) throw new Error(`python3 ${script} was stopped by ${result.signal}`);
  if (result.error || result.status !== 0) {
    throw new Error(`python3 ${script} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as T;
}

function checkWholeNumbers(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Expected \`${name}\` to be a whole number from 1 up`);
  }
}

/**
 * Σ i² for i below each n, computed by python3's integers, as decimal strings; null without python3.
 * Slow on purpose (it is the guide's loop): about half a second per 10 million.
 * @example pythonSumOfSquares([10_000_000]) // ['333333283333335000000']
 */
export function pythonSumOfSquares(numbers: readonly number[]): string[] | null {
  if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new RangeError('Expected `numbers` to be whole numbers from 0 up');
  return runPythonJson<{ results: string[] }>('sum_of_squares.py', numbers.map(String))?.results ?? null;
}

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
  checkWholeNumbers({ increments });
  return runPythonJson<PythonRace>('counter_race.py', [String(increments)]);
}

export interface PythonGilRun {
  python: string;
  /** False only on a free-threaded CPython build with the GIL switched off. */
  gilEnabled: boolean;
  sequentialMs: number;
  /** Each time is the median of three rounds. A ThreadPoolExecutor of `workers` threads, started and shut down inside the timing. */
  threadsMs: number;
  /** A ProcessPoolExecutor of `workers` processes (forked), started and shut down inside the timing. */
  processesMs: number;
  /** Every round's [sequential, threads, processes] milliseconds. */
  rounds: [number, number, number][];
}

/**
 * The guide's central claim, in CPython itself: `heavy_computation(n)` `count` times, one after
 * another, on a thread pool and on a process pool of `workers`; medians of three interleaved rounds.
 * Null without python3.
 * @example pythonGilRun({ n: 2_000_000, count: 8, workers: 2 }) // threads ≈ sequential, processes ≈ half
 */
export function pythonGilRun({ n, count, workers }: { n: number; count: number; workers: number }): PythonGilRun | null {
  checkWholeNumbers({ n, count, workers });
  return runPythonJson<PythonGilRun>('gil_run.py', [String(n), String(count), String(workers)]);
}

/**
 * CPython beside Node: the guide's own programs (the `.py` files beside this module), each printing
 * one JSON line, run by the chosen Python (`chosenPython`: `RUNBOOK_PYTHON`, else the newest of
 * python3.14 … python3 that answers). Every comparison with CPython goes through `runPythonJson`,
 * the notebooks', the benchmarks' and the tests' alike.
 */
import { spawnSync } from 'node:child_process';
import { checkSomeOf } from '../check-choice';
import { checkWhole, checkWholeList } from '../check-range';
import { sourceFile } from '../files';
import { LIMITS } from '../limits';
import { chosenPython, type PythonInterpreter } from './python-interpreter';

/** Whether a Python runs here: the CPython rows of a comparison exist only then. */
export function hasPython(): boolean {
  return chosenPython() !== null;
}

/**
 * Run a Python program and parse the one JSON line it prints.
 * @param script a path, or the name of a program beside this module (`'gil_run.py'`).
 * @param python the interpreter to run it on; the chosen one by default.
 * @returns the parsed JSON, or null when no Python answers here.
 * @throws when the program fails, with its stderr.
 * @example runPythonJson<{ results: string[] }>('sum_of_squares.py', ['10']) // { results: ['285'] }
 */
export function runPythonJson<T>(
  script: string,
  args: readonly string[],
  python: PythonInterpreter | null = chosenPython(),
): T | null {
  if (!python) return null;
  const file = script.includes('/') ? script : sourceFile(`experiments/${script}`);
  const result = spawnSync(python.executable, [file, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const name = `${python.label} ${script}`;
  if (result.signal) throw new Error(`${name} was stopped by ${result.signal}`);
  if (result.error || result.status !== 0) {
    throw new Error(`${name} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as T;
}

/**
 * Σ i² for i below each n, computed by CPython's integers, as decimal strings; null without a Python.
 * Slow on purpose (it is the guide's loop): about half a second per 10 million.
 * @example pythonSumOfSquares([10_000_000]) // ['333333283333335000000']
 */
export function pythonSumOfSquares(numbers: readonly number[]): string[] | null {
  checkWholeList('numbers', numbers, { min: 0 });
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
 * Whatever it shows is one interpreter's behaviour on one run, never a guarantee. Null without a Python.
 */
export function pythonCounterRace(increments = 200_000): PythonRace | null {
  checkWhole('increments', increments, { min: 1 });
  return runPythonJson<PythonRace>('counter_race.py', [String(increments)]);
}

/** The ways `gil_run.py` runs the same calls side by side, besides one after another. */
export const GIL_RUN_MODES = ['threads', 'processes', 'subinterpreters'] as const;
export type GilRunMode = (typeof GIL_RUN_MODES)[number];

/** Milliseconds of one round, or the medians: one after another, and each mode asked for. */
export type GilRunTimes = { sequential: number } & Partial<Record<GilRunMode, number>>;

export interface PythonGilRun {
  python: string;
  /** False only on a free-threaded CPython build with the GIL switched off. */
  gilEnabled: boolean;
  /**
   * The module that ran the subinterpreters: `concurrent.interpreters` (3.14, public), `_interpreters`
   * (3.13, private) or `_xxsubinterpreters` (3.12, private); null before 3.12 (no GIL of their own) or when not asked.
   */
  subinterpreters: string | null;
  /**
   * Medians of three interleaved rounds. Pools, threads and subinterpreters are started and shut down
   * inside the timing: a ThreadPoolExecutor, a ProcessPoolExecutor (forked), or `workers` threads
   * each running a subinterpreter of its own.
   */
  medianMs: GilRunTimes;
  rounds: GilRunTimes[];
}

/**
 * The guide's central claim, in CPython itself: `heavy_computation(n)` `count` times, one after
 * another and on `workers` threads, processes and subinterpreters (`modes`, all by default); medians of
 * three interleaved rounds. Null without a Python.
 * @param python the interpreter (a free-threaded build for its own row); the chosen one by default.
 * @example pythonGilRun({ n: 2_000_000, count: 8, workers: 2 }) // threads ≈ sequential, the others ≈ half
 */
export function pythonGilRun({
  n,
  count,
  workers,
  modes = GIL_RUN_MODES,
  python,
}: {
  n: number;
  count: number;
  workers: number;
  modes?: readonly GilRunMode[];
  python?: PythonInterpreter;
}): PythonGilRun | null {
  checkWhole('n', n, { min: 1 });
  checkWhole('count', count, LIMITS.tasks);
  checkWhole('workers', workers, LIMITS.workers);
  checkSomeOf('modes', modes, GIL_RUN_MODES);
  return runPythonJson<PythonGilRun>(
    'gil_run.py',
    [String(n), String(count), String(workers), modes.join(',')],
    python ?? chosenPython(),
  );
}

export interface PythonHashRun {
  python: string;
  gilEnabled: boolean;
  /** Medians of three interleaved rounds: sha256 of each buffer one after another, and on a ThreadPoolExecutor. */
  medianMs: { sequential: number; threads: number };
  rounds: { sequential: number; threads: number }[];
}

/**
 * C code that releases the GIL: `hashlib.sha256` of `count` buffers of `mib` MiB, one after another
 * and on a ThreadPoolExecutor of `workers`; medians of three interleaved rounds. Null without a Python.
 * @example pythonHashRun({ mib: 32, count: 8, workers: 2 }) // threads ≈ half the sequential time
 */
export function pythonHashRun({
  mib,
  count,
  workers,
}: {
  mib: number;
  count: number;
  workers: number;
}): PythonHashRun | null {
  checkWhole('mib', mib, LIMITS.datasetMiB);
  checkWhole('count', count, LIMITS.tasks);
  checkWhole('workers', workers, LIMITS.workers);
  if (mib * count > 4096)
    throw new RangeError(`Expected \`mib\` × \`count\` to stay within 4096 MiB of buffers, got ${mib * count}`);
  return runPythonJson<PythonHashRun>('hash_threads.py', [String(mib), String(count), String(workers)]);
}

/**
 * The GIL itself, measured in CPython beside Node's counterparts: the same CPU-bound calls one after
 * another and side by side — on CPython's threads, processes and subinterpreters (each with its own
 * GIL since 3.12), a free-threaded build's threads when there is one, and C code that lets go of the
 * GIL (sha256) — and on Node's one JavaScript thread and worker threads. Each row is a speedup over
 * its own runtime's one-after-another run in the same program.
 */
import { checkMs, checkWhole } from '../check-range';
import { LIMITS } from '../limits';
import { compareWaitingAndComputing, type ConflictRow } from './core-conflict';
import { type GilRunMode, type GilRunTimes, pythonGilRun, pythonHashRun } from './python';
import { chosenPython, FREE_THREADED_CANDIDATES, freeThreadedPython } from './python-interpreter';

/** What a row runs, and its counterpart on the other side (↔) where there is one. */
export type GilKind =
  | 'threads ↔ one JS thread'
  | 'subinterpreters ↔ worker threads'
  | 'processes ↔ child processes'
  | 'threads without a GIL'
  | 'C code off the GIL ↔ libuv pool';

/** One bar of `gilComparison`: how much running CPU-bound calls side by side gained. */
export interface GilRow {
  /** The interpreter that ran it, e.g. "CPython 3.13.0" or "Node 20.20.2". */
  runtime: string;
  kind: GilKind;
  how: string;
  ms: number;
  sequentialMs: number;
  /** sequentialMs / ms, medians of three runs: 1 means no gain at all. */
  speedup: number;
  /**
   * The least and the most a run gained (CPython: round by round; Node: the median sequential time
   * over the slowest and fastest run).
   */
  slowestSpeedup: number;
  fastestSpeedup: number;
}

/** A row this machine could not measure: why, and what has been published instead (labelled as such). */
export interface UnmeasuredRow {
  runtime: string;
  kind: GilKind;
  how: string;
  why: string;
  published?: string;
}

export interface GilComparison {
  /** The chosen Python's label ("CPython 3.13.0"), or null when none answers here. */
  python: string | null;
  rows: GilRow[];
  notMeasured: UnmeasuredRow[];
}

/** Published, not measured here: the free-threaded build's cost, from the 3.14 docs and PEP 779. */
export const FREE_THREADED_PUBLISHED =
  'published, not measured here: the Python 3.14 free-threading HOWTO puts the single-threaded overhead ' +
  'at about 1 % (macOS aarch64) to 8 % (x86-64 Linux) on pyperformance ' +
  '(docs.python.org/3.14/howto/free-threading-python.html); PEP 779 set the targets for its supported status ' +
  'at most 15 % slower and 20 % more memory than the GIL build (peps.python.org/pep-0779)';

function row(
  runtime: string,
  kind: GilKind,
  how: string,
  medians: { ms: number; sequentialMs: number },
  gains: number[],
): GilRow {
  return {
    runtime,
    kind,
    how,
    ...medians,
    speedup: medians.sequentialMs / medians.ms,
    slowestSpeedup: Math.min(...gains),
    fastestSpeedup: Math.max(...gains),
  };
}

/** A CPython row from a `gil_run.py` or `hash_threads.py` run: its medians, and each round's own gain. */
function pythonRow(
  runtime: string,
  kind: GilKind,
  how: string,
  run: { medianMs: GilRunTimes; rounds: GilRunTimes[] },
  mode: GilRunMode,
): GilRow {
  return row(
    runtime,
    kind,
    how,
    { ms: run.medianMs[mode]!, sequentialMs: run.medianMs.sequential },
    run.rounds.map((round) => round.sequential / round[mode]!),
  );
}

/** CPython's rows: the chosen Python's, then a free-threaded build's (or why there is none). */
function cpythonRows(
  { n, count, workers, hashMiB }: { n: number; count: number; workers: number; hashMiB: number },
  rows: GilRow[],
  notMeasured: UnmeasuredRow[],
): void {
  const python = chosenPython();
  const run = python && pythonGilRun({ n, count, workers });
  if (!python || !run) return;
  const runtime = `${python.label}${run.gilEnabled ? '' : ' (GIL off)'}`;
  rows.push(
    pythonRow(
      runtime,
      run.gilEnabled ? 'threads ↔ one JS thread' : 'threads without a GIL',
      `ThreadPoolExecutor(${workers})`,
      run,
      'threads',
    ),
  );
  const subinterpreters = `${workers} subinterpreter${workers === 1 ? '' : 's'}, one per thread`;
  if (run.subinterpreters) {
    const privately = run.subinterpreters.startsWith('_')
      ? `, private in ${python.version.split('.').slice(0, 2).join('.')}`
      : '';
    rows.push(
      pythonRow(
        runtime,
        'subinterpreters ↔ worker threads',
        `${subinterpreters} (${run.subinterpreters}${privately})`,
        run,
        'subinterpreters',
      ),
    );
  } else {
    notMeasured.push({
      runtime,
      kind: 'subinterpreters ↔ worker threads',
      how: subinterpreters,
      why:
        `${python.label} has no subinterpreters with a GIL of their own (3.12 and later, PEP 684): ` +
        'RUNBOOK_PYTHON can name a newer Python',
    });
  }
  rows.push(pythonRow(runtime, 'processes ↔ child processes', `ProcessPoolExecutor(${workers})`, run, 'processes'));
  const hashed = pythonHashRun({ mib: hashMiB, count, workers })!;
  rows.push(
    pythonRow(
      runtime,
      'C code off the GIL ↔ libuv pool',
      `ThreadPoolExecutor(${workers}), hashlib.sha256 of ${hashMiB} MiB each`,
      hashed,
      'threads',
    ),
  );

  if (!run.gilEnabled) return; // the chosen Python is itself free-threaded: its threads row above says it
  const freeThreaded = freeThreadedPython();
  const threadsRun = freeThreaded && pythonGilRun({ n, count, workers, modes: ['threads'], python: freeThreaded });
  if (freeThreaded && threadsRun) {
    const label = `${freeThreaded.label}${threadsRun.gilEnabled ? ' (GIL switched back on)' : ''}`;
    rows.push(pythonRow(label, 'threads without a GIL', `ThreadPoolExecutor(${workers})`, threadsRun, 'threads'));
  } else {
    notMeasured.push({
      runtime: 'CPython free-threaded',
      kind: 'threads without a GIL',
      how: `ThreadPoolExecutor(${workers})`,
      why: `not on this machine: neither ${FREE_THREADED_CANDIDATES.join(' nor ')} answers`,
      published: FREE_THREADED_PUBLISHED,
    });
  }
}

/**
 * The guide's GIL claim in CPython (`heavy_computation(n)` × `count` on `workers` threads,
 * subinterpreters and processes; sha256 of `count` buffers of `hashMiB` MiB on threads; a free-threaded
 * build's threads when one is on PATH) beside Node's counterparts (`count` CPU tasks of `taskMs` with
 * `Promise.all` on one thread and on `workers` worker threads), each as a speedup over its own
 * one-after-another run. Without a Python the CPython rows are missing; what could not be measured
 * is listed in `notMeasured`, with published figures where there are some.
 * @example const { rows } = await gilComparison({ n: 2_000_000, count: 8, workers: 2, taskMs: 50 });
 */
export async function gilComparison({
  n,
  count,
  workers,
  taskMs,
  hashMiB = 32,
}: {
  n: number;
  count: number;
  workers: number;
  taskMs: number;
  hashMiB?: number;
}): Promise<GilComparison> {
  checkWhole('n', n, { min: 1, max: 1e9 });
  checkWhole('count', count, LIMITS.tasks);
  checkWhole('workers', workers, LIMITS.workers);
  checkWhole('hashMiB', hashMiB, LIMITS.datasetMiB);
  checkMs('taskMs', taskMs, LIMITS.taskMs);
  const rows: GilRow[] = [];
  const notMeasured: UnmeasuredRow[] = [];
  cpythonRows({ n, count, workers, hashMiB }, rows, notMeasured);
  const node = await compareWaitingAndComputing({ taskCount: count, taskMs, workers, works: ['computing'], runs: 3 });
  const computing = (schedule: ConflictRow['schedule']) => node.find((entry) => entry.schedule === schedule)!;
  const sequentialMs = computing('one after another').wallMs;
  const nodeRow = (kind: GilKind, how: string, schedule: ConflictRow['schedule']) => {
    const { wallMs, minMs, maxMs } = computing(schedule);
    return row(`Node ${process.versions.node}`, kind, how, { ms: wallMs, sequentialMs }, [
      sequentialMs / maxMs,
      sequentialMs / minMs,
    ]);
  };
  rows.push(
    nodeRow('threads ↔ one JS thread', 'Promise.all on the main thread', 'all at once'),
    nodeRow('subinterpreters ↔ worker threads', `${workers} worker threads`, 'on worker threads'),
  );
  return { python: chosenPython()?.label ?? null, rows, notMeasured };
}

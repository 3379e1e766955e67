/**
 * The GIL measured for what it is. CPython's threads are preemptive: a computing thread keeps the GIL
 * for a switch interval (5 ms) at most, so a ticker thread stays on time within a few milliseconds —
 * the GIL costs throughput, not responsiveness. A coroutine that computes stops asyncio's loop, and
 * every timer on it, until it returns: that is what a CPU loop does to Node's main thread. A worker
 * thread, another isolate on another OS thread, leaves the main thread's timers alone.
 */
import { checkWhole } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import { LIMITS } from '../limits';
import { withWorkerPool } from '../cpu/worker-pool';
import { measureEventLoopLag } from '../measure/event-loop-lag';
import { spinFor } from '../workloads/spin';
import { runPythonJson } from './python';

/** How late a 10 ms ticker ran while something computed for `blockMs` beside it. */
export interface ResponsivenessRow {
  runtime: string;
  /** Where the computing ran, relative to the ticker. */
  how: string;
  /** Which of the guide's or Node's models this is. */
  model: 'preemptive threads' | 'cooperative loop' | 'a thread of its own';
  maxLateMs: number;
  meanLateMs: number;
  ticks: number;
}

interface PythonResponsiveness {
  python: string;
  threads: { maxLateMs: number; meanLateMs: number; ticks: number };
  asyncio: { maxLateMs: number; meanLateMs: number; ticks: number };
}

/**
 * A 10 ms ticker beside `blockMs` of computing: in CPython on another thread and in another coroutine
 * of its asyncio loop (on the chosen Python, when one answers), in Node on the main thread and in a worker thread.
 * @example const rows = await responsivenessComparison({ blockMs: 500 });
 */
export async function responsivenessComparison({
  blockMs = 500,
}: {
  blockMs?: number;
} = {}): Promise<ResponsivenessRow[]> {
  // Whole: responsiveness.py reads it with int().
  checkWhole('blockMs', blockMs, { ...LIMITS.blockMs, min: 50 }, 'milliseconds');
  const rows: ResponsivenessRow[] = [];
  const python = runPythonJson<PythonResponsiveness>('responsiveness.py', [String(blockMs)]);
  if (python) {
    const runtime = `CPython ${python.python}`;
    rows.push({
      runtime,
      how: 'ticker thread, another thread computes',
      model: 'preemptive threads',
      ...python.threads,
    });
    rows.push({
      runtime,
      how: 'asyncio ticker task, a coroutine computes',
      model: 'cooperative loop',
      ...python.asyncio,
    });
  }
  const runtime = `Node ${process.versions.node}`;
  const onMain = await measureEventLoopLag(() => spinFor(blockMs));
  rows.push({
    runtime,
    how: 'timer on the main thread, the main thread computes',
    model: 'cooperative loop',
    maxLateMs: onMain.maxLagMs,
    meanLateMs: onMain.meanLagMs,
    ticks: onMain.ticks.length,
  });
  const inWorker = await withWorkerPool({ workers: 1 }, (pool) =>
    measureEventLoopLag(() => parallelMap([blockMs], 'spin', { pool })),
  );
  rows.push({
    runtime,
    how: 'timer on the main thread, a worker computes',
    model: 'a thread of its own',
    maxLateMs: inWorker.maxLagMs,
    meanLateMs: inWorker.meanLagMs,
    ticks: inWorker.ticks.length,
  });
  return rows;
}

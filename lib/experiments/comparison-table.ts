/** The guide's comparison table rewritten with the numbers of a `strategyGrid` run. */
import type { GridCell, Strategy, Workload } from './strategy-grid';

const EVENT_LOOP = 'event loop (≈ threading)';
const WORKERS = 'worker threads (≈ multiprocessing)';

/** One row of the table: a feature, and what each side does, with this run's figures. */
export type ComparisonRow = { feature: string; [EVENT_LOOP]: string; [WORKERS]: string };

/**
 * The guide's table, one feature per row, with figures taken from `cells`.
 * @example showHtml(htmlTable(comparisonTable(cells, { workers: 2, cores: 2 })));
 */
export function comparisonTable(cells: readonly GridCell[], { workers, cores }: { workers: number; cores: number }): ComparisonRow[] {
  const cellOf = (workload: Workload, strategy: Strategy) => {
    const cell = cells.find((entry) => entry.workload === workload && entry.strategy === strategy);
    if (!cell) throw new RangeError(`Expected a ${workload} cell for "${strategy}" in the grid`);
    return cell;
  };
  const times = (workload: Workload, strategy: Strategy) => cellOf(workload, 'sequential').wallMs / cellOf(workload, strategy).wallMs;
  const mib = (workload: Workload, strategy: Strategy) => `${cellOf(workload, strategy).memoryMiB.toFixed(1)} MiB`;
  const row = (feature: string, eventLoop: string, workerThreads: string): ComparisonRow => ({ feature, [EVENT_LOOP]: eventLoop, [WORKERS]: workerThreads });
  return [
    row('what overlaps', 'waiting: many requests in flight on one thread', 'computing: one JavaScript thread per core'),
    row('best for', `I/O: ${times('I/O', 'event loop').toFixed(1)}× faster than sequential here`, `CPU: ${times('CPU', 'worker threads').toFixed(2)}× faster than sequential here (${cores} cores)`),
    row('the other workload', `CPU: ${times('CPU', 'event loop').toFixed(2)}× — no gain (notebook 02)`, `I/O, one page at a time per worker: ${times('I/O', 'worker threads').toFixed(1)}×`),
    row('memory', `shared heap: +${mib('I/O', 'event loop')} for the I/O run`, `a heap per worker: +${mib('CPU', 'worker threads')} for ${workers} workers; data copied to each worker costs a copy each, shared costs one (notebook 05)`),
    row('global lock', 'no GIL, but one thread: a CPU loop blocks everything (notebook 02)', 'none: each worker has its own isolate'),
    row('complexity', 'races across await; use a Mutex (notebook 04)', 'copying or sharing data, Atomics and locks (notebooks 03, 05)'),
  ];
}

/** The guide's comparison table rewritten with the numbers of a `strategyGrid` run. */
import type { GridCell, Strategy, Workload } from './strategy-grid';

const EVENT_LOOP = 'event loop (≈ threading)';
const WORKERS = 'worker threads (≈ multiprocessing, in one process)';
const PROCESSES = 'child processes (= multiprocessing)';

/** One row of the table: a feature, what each kind does, and where the evidence comes from. */
export type ComparisonRow = {
  feature: string;
  [EVENT_LOOP]: string;
  [WORKERS]: string;
  [PROCESSES]: string;
  evidence: string;
};

/**
 * The guide's table, one feature per row: the measured rows with figures taken from `cells` (memory
 * compares each workload with itself), the descriptive rows pointing to the notebook that measured them.
 * @example showHtml(htmlTable(comparisonTable(cells, { workers: 2, cores: 2 })));
 */
export function comparisonTable(
  cells: readonly GridCell[],
  { workers, cores }: { workers: number; cores: number },
): ComparisonRow[] {
  const cellOf = (workload: Workload, strategy: Strategy) => {
    const cell = cells.find((entry) => entry.workload === workload && entry.strategy === strategy);
    if (!cell) throw new RangeError(`Expected a ${workload} cell for "${strategy}" in the grid`);
    return cell;
  };
  const times = (workload: Workload, strategy: Strategy) =>
    cellOf(workload, 'sequential').wallMs / cellOf(workload, strategy).wallMs;
  const mib = (workload: Workload, strategy: Strategy) => `+${cellOf(workload, strategy).memoryMiB.toFixed(1)} MiB`;
  const row = (
    feature: string,
    eventLoop: string,
    workerThreads: string,
    childProcesses: string,
    evidence: string,
  ): ComparisonRow => ({
    feature,
    [EVENT_LOOP]: eventLoop,
    [WORKERS]: workerThreads,
    [PROCESSES]: childProcesses,
    evidence,
  });
  return [
    row(
      'best for',
      `I/O: ${times('I/O', 'event loop').toFixed(1)}× faster than sequential`,
      `CPU: ${times('CPU', 'worker threads').toFixed(2)}× faster than sequential (${workers} workers, ${cores} cores)`,
      `CPU: ${times('CPU', 'child processes').toFixed(2)}× faster than sequential, start-up included`,
      'this run',
    ),
    row(
      'the other workload',
      `CPU: ${times('CPU', 'event loop').toFixed(2)}× — no gain`,
      `I/O: ${times('I/O', 'worker threads').toFixed(1)}× one page at a time per worker; ` +
        `${times('I/O', 'both').toFixed(1)}× with the event loop's concurrency split across them`,
      `I/O: ${times('I/O', 'child processes').toFixed(1)}× one page at a time per process`,
      'this run',
    ),
    row(
      'peak memory added',
      `I/O ${mib('I/O', 'event loop')}, CPU ${mib('CPU', 'event loop')}: one heap`,
      `I/O ${mib('I/O', 'worker threads')}, CPU ${mib('CPU', 'worker threads')}: a heap per worker`,
      `I/O ${mib('I/O', 'child processes')}, CPU ${mib('CPU', 'child processes')}: a whole Node per worker`,
      'this run',
    ),
    row(
      'what overlaps',
      'waiting: many requests in flight on one thread',
      'computing: one JavaScript thread per core',
      'computing: one process per core',
      'notebook 00',
    ),
    row(
      'data',
      'one heap, shared by every task',
      'copied to each worker (a copy each), transferred, or shared in a SharedArrayBuffer',
      'serialized through a pipe, a copy each; nothing shared',
      'notebooks 03, 04, 06',
    ),
    row(
      'global lock',
      'no GIL, but one cooperative thread: a CPU loop blocks everything, as in asyncio',
      'none: each worker has its own isolate',
      'none: each process has its own Node',
      'notebook 02',
    ),
    row(
      'a worker dies',
      'the one thread is the program',
      'an error or exit event; a native crash takes the process',
      'an exit event; the parent lives on',
      'notebook 04',
    ),
    row(
      'complexity',
      'races across await; use a Mutex',
      'copying or sharing data, Atomics and locks',
      'copying data; no shared memory to race on',
      'notebooks 05, 06',
    ),
  ];
}

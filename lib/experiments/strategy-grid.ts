/**
 * The guide's summary table, measured: one I/O-bound and one CPU-bound workload, each run
 * sequentially, with event-loop concurrency, on worker threads, and with both — wall time and memory.
 */
import { checkWhole } from '../check-range';
import { downloadAll } from '../io/download';
import { pageUrls } from '../io/latency-server';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { parallelMap } from '../cpu/parallel-map';
import type { ProgressCallback } from '../progress';
import { sumOfSquares } from '../workloads/sum-of-squares';
import { withWorkerPool } from '../cpu/worker-pool';
import { withProcessPool } from '../cpu/process-pool';
import { compiledFile } from '../files';
import { defaultWorkerCount, LIMITS } from '../limits';
import { processRssMiB, withPeakMemory } from '../measure/memory';

export type Workload = 'I/O' | 'CPU';
export const STRATEGIES = ['sequential', 'event loop', 'worker threads', 'child processes', 'both'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface GridCell {
  workload: Workload;
  strategy: Strategy;
  /** Including starting and stopping any pool: a one-off run, as the guide's scripts are. */
  wallMs: number;
  /** Peak resident memory above the start of the run; for child processes, theirs added at the end of the map. */
  memoryMiB: number;
}

export interface GridOptions {
  /** I/O workload: pages of an embedded server at this latency. */
  pageCount?: number;
  latencyMs?: number;
  /** Requests in flight for the event-loop strategies (split across workers for `both`). */
  concurrency?: number;
  /** CPU workload: sumOfSquares of each number. */
  numbers?: number[];
  workers?: number;
  onProgress?: ProgressCallback;
}

/** Split `items` into `parts` near-equal groups, in order. */
function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, index) => items.slice(index * size, (index + 1) * size)).filter(
    (group) => group.length > 0,
  );
}

/**
 * Measure the 2 × 5 grid. Child processes run what worker threads run, on a process pool; their own
 * resident memory, read at the end of the map, is added to this process's peak. Worker rows start
 * their own pool (`parallelMap({ workers })` starts and terminates it): start-up is part of a
 * one-off run's cost. Worker threads for I/O means each worker fetches its share one page at a time
 * (the guide's thread-per-task shape); `both` gives each worker an event loop with its share of the
 * concurrency.
 * @example const cells = await strategyGrid({ pageCount: 40, numbers: guideNumbers(8) });
 */
export async function strategyGrid(options: GridOptions = {}): Promise<GridCell[]> {
  const {
    pageCount = 40,
    latencyMs = 50,
    concurrency = 10,
    numbers = [],
    workers = defaultWorkerCount(),
    onProgress,
  } = options;
  checkWhole('pageCount', pageCount, LIMITS.pages);
  checkWhole('workers', workers, LIMITS.workers);
  checkWhole('concurrency', concurrency, LIMITS.concurrency);
  // Each worker fetches its share of the pages with a share of the concurrency: at least one each.
  if (concurrency < workers)
    throw new RangeError(`Expected \`concurrency\` to be at least \`workers\` (${workers}), got ${concurrency}`);
  if (numbers.length === 0) throw new RangeError('Expected `numbers` to list the CPU workload, got none');
  const cells: GridCell[] = [];
  const total = 2 * STRATEGIES.length;
  let childrenMiB = 0;
  const record = (
    workload: Workload,
    strategy: Strategy,
    { wallMs, peakGrowthMiB }: { wallMs: number; peakGrowthMiB: number },
  ) => {
    cells.push({ workload, strategy, wallMs, memoryMiB: peakGrowthMiB + childrenMiB });
    childrenMiB = 0;
    onProgress?.(cells.length, total);
  };

  // A one-off map on a process pool of its own, whose processes' memory is read before they stop.
  const onProcesses = (items: unknown[], task: Parameters<typeof parallelMap>[1]) =>
    withProcessPool({ workers, taskFiles: [compiledFile('io/page-tasks')] }, async (pool) => {
      const results = await parallelMap(items, task, { pool, chunkSize: 1 });
      childrenMiB = pool.pids.reduce((sum, pid) => sum + processRssMiB(pid), 0);
      return results;
    });

  await withLatencyServerProcess({ latencyMs, bytes: 51_200 }, async (server) => {
    const urls = pageUrls(server.url, pageCount);
    const fetchPages = { file: compiledFile('io/page-tasks'), name: 'fetchPages' };
    const io: Record<Strategy, () => Promise<unknown>> = {
      sequential: () => downloadAll(urls, { concurrency: 1 }),
      'event loop': () => downloadAll(urls, { concurrency }),
      'worker threads': () =>
        parallelMap(
          split(urls, workers).map((group) => ({ urls: group, concurrency: 1 })),
          fetchPages,
          { workers, chunkSize: 1 },
        ),
      'child processes': () =>
        onProcesses(
          split(urls, workers).map((group) => ({ urls: group, concurrency: 1 })),
          fetchPages,
        ),
      both: () =>
        parallelMap(
          split(urls, workers).map((group) => ({ urls: group, concurrency: Math.ceil(concurrency / workers) })),
          fetchPages,
          { workers, chunkSize: 1 },
        ),
    };
    for (const strategy of STRATEGIES) record('I/O', strategy, await withPeakMemory(io[strategy]));
  });

  const cpu: Record<Strategy, () => Promise<unknown>> = {
    sequential: async () => numbers.map((n) => sumOfSquares(n)),
    // async functions still run their bodies on this one thread: nothing overlaps.
    'event loop': () => Promise.all(numbers.map(async (n) => sumOfSquares(n))),
    'worker threads': () => parallelMap(numbers, 'sumOfSquares', { workers }),
    'child processes': () => onProcesses(numbers, 'sumOfSquares'),
    // One pool shared by one map per worker's share.
    both: () =>
      withWorkerPool({ workers }, (pool) =>
        Promise.all(
          split(numbers, workers).map((group) => parallelMap(group, 'sumOfSquares', { pool, chunkSize: group.length })),
        ),
      ),
  };
  numbers.slice(0, 2).forEach((n) => sumOfSquares(n)); // warm the loop for the sequential rows
  for (const strategy of STRATEGIES) record('CPU', strategy, await withPeakMemory(cpu[strategy]));
  return cells;
}

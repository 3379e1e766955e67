/**
 * The CPU benchmark: the guide's workload sequentially (beside CPython), parallelMap on a started
 * pool at the guide's size and at a ≥ 2 s size, tiny items, the pool libraries, and data passing.
 */
import { availableParallelism } from 'node:os';
import {
  comparePools,
  guideNumbers,
  hasRedisServer,
  measureDataPassing,
  medianOf,
  parallelMap,
  type PoolKind,
  speedupSweep,
  timeSequential,
  withPool,
} from '../lib';
import { runPython } from './processes';
import { type Goal, goals, table } from './report';

const WORKERS = 2;

/** What one kind of pool did with the same numbers: a started pool of 1 worker, then of WORKERS. */
interface KindRun {
  kind: PoolKind;
  /** The same map on the main thread, for reference (not the baseline). */
  mainThreadMs: number;
  oneWorkerMs: number;
  parallelMs: number;
  startMs: number;
  /** One worker's time over WORKERS', round by round, median: the same code on both sides. */
  speedup: number;
}

/**
 * `speedupSweep` on `kind`: started, warmed pools of 1 and WORKERS, their maps taking turns round
 * by round (the queue's pools each on a Redis started for it). The baseline is one worker of the
 * same kind, not the main thread, so that a speedup counts cores and nothing else.
 */
async function speedup(numbers: number[], runs: number, kind: PoolKind = 'threads'): Promise<KindRun> {
  const { rows, mainThreadMs } = await speedupSweep({ numbers, workerCounts: [WORKERS], runs, kind });
  const [row] = rows;
  return {
    kind,
    mainThreadMs,
    oneWorkerMs: row.oneWorkerMs,
    parallelMs: row.parallelMs,
    startMs: row.startMs,
    speedup: row.speedup,
  };
}

const POOL_NAMES: Record<PoolKind, string> = {
  threads: 'started thread pool',
  processes: 'started child processes',
  queue: 'Redis queue, local worker processes',
};

export async function benchCpu(): Promise<number> {
  const list: Goal[] = [];
  const cores = availableParallelism();
  const guide = guideNumbers(20, 10_000_000);
  const sequential = await timeSequential(guide, 5);
  const atGuide = await speedup(guide, 5);
  const large = guideNumbers(24, 100_000_000);
  const atLarge = await speedup(large, 3);
  // The same map on child processes: their start-up and per-item cost beside the threads'.
  const onProcesses = await speedup(large, 3, 'processes');
  // And on a queue: one job per chunk through Redis to worker processes, as across machines.
  const redis = hasRedisServer();
  const onQueue = redis ? await speedup(large, 3, 'queue') : null;

  const python = runPython<{ wallMs: number; results: string[] }>('heavy.py', ['10000000', '20']);
  // Two table rows of a kind: its one-worker baseline, then WORKERS with the speedup over it.
  const kindRows = (run: KindRun, items: number, size: string) => [
    [`node parallelMap, ${POOL_NAMES[run.kind]}, 1 worker${size}`, items, run.oneWorkerMs, '', ''],
    [
      `node parallelMap, ${POOL_NAMES[run.kind]}, ${WORKERS} workers${size}`,
      items,
      run.parallelMs,
      run.speedup,
      run.startMs,
    ],
  ];
  const largeWorkload = `${(atLarge.oneWorkerMs / 1000).toFixed(1)} s workload`;
  const rows: Array<Array<string | number>> = [
    ['node sumOfSquares (exact bigint), sequential, main thread', 20, sequential.ms, '', ''],
    ...kindRows(atGuide, 20, ''),
    ['node sumOfSquares, sequential, main thread', 24, atLarge.mainThreadMs, '', ''],
    ...[atLarge, onProcesses, ...(onQueue ? [onQueue] : [])].flatMap((run) => kindRows(run, 24, ` (${largeWorkload})`)),
  ];
  if (python) rows.unshift(['python3 heavy_computation, sequential', 20, python.wallMs, '', '']);
  table(
    `CPU: the guide's workload (20 numbers from 1e7) and a large one (24 from 1e8), ${WORKERS} workers ` +
      `on ${cores} cores; speedup over 1 worker of the same pool kind, median of interleaved rounds`,
    ['run', 'items', 'ms', 'speedup', 'pool start ms'],
    rows,
  );
  if (python) {
    const equal = python.results.every((value, index) => value === String(sequential.results[index]));
    console.log(`\nresults equal to Python's integers: ${equal}`);
    list.push({
      what: 'sequential Node / CPython time',
      measured: sequential.ms / python.wallMs,
      op: '<=',
      target: 1 / 50,
    });
  } else {
    console.log('\npython3 not found: the CPython comparison is skipped');
  }
  const speedupGoal = (what: string, run: KindRun, target: number): Goal => ({
    what: `speedup on ${what}, ${POOL_NAMES[run.kind]}, ${WORKERS} workers over 1`,
    measured: run.speedup,
    op: '>=',
    target,
    unit: '×',
  });
  list.push(speedupGoal("the guide's workload", atGuide, 1.8));
  list.push(speedupGoal(`the ${largeWorkload}`, atLarge, 1.85));
  list.push(speedupGoal(`the ${largeWorkload}`, onProcesses, 1.85));
  if (onQueue) list.push(speedupGoal(`the ${largeWorkload}`, onQueue, 1.8));
  else console.log('redis-server not found: the queue rows are skipped (apt-get install redis-server)');
  // More than the cores cannot be: past noise of 2 %, it would mean the baseline was slowed.
  const fastest = Math.max(...[atGuide, atLarge, onProcesses, ...(onQueue ? [onQueue] : [])].map((run) => run.speedup));
  list.push({
    what: `no speedup above ${Math.min(WORKERS, cores)}, the fewer of workers and cores (2 % allowed for noise)`,
    measured: fastest,
    op: '<=',
    target: Math.min(WORKERS, cores) * 1.02,
    unit: '×',
  });
  console.log(
    `pool start-up is ${((atGuide.startMs / (atGuide.startMs + atGuide.parallelMs)) * 100).toFixed(0)} % ` +
      "of a one-off parallel map at the guide's size",
  );

  const tiny = Array.from({ length: 10_000 }, (_, index) => index);
  const perItem = (kind: PoolKind, chunkSize?: number) =>
    withPool(kind, { workers: WORKERS }, async (pool) => {
      await parallelMap(tiny, 'echo', { pool, chunkSize });
      return ((await medianOf(5, () => parallelMap(tiny, 'echo', { pool, chunkSize }))).ms * 1000) / tiny.length;
    });
  list.push({
    what: '10 000 tiny items through parallelMap, per item',
    measured: await perItem('threads'),
    op: '<=',
    target: 20,
    unit: ' µs',
  });
  const perItemRows = [];
  const kinds: PoolKind[] = redis ? ['threads', 'processes', 'queue'] : ['threads', 'processes'];
  const measured: Partial<Record<PoolKind, { chunked: number; unchunked?: number }>> = {};
  for (const kind of kinds) {
    // Unchunked on the queue is a job per item: 10 000 of them would take seconds for one row.
    const row = (measured[kind] = {
      chunked: await perItem(kind),
      unchunked: kind === 'queue' ? undefined : await perItem(kind, 1),
    });
    perItemRows.push([kind, 'chunked (default)', row.chunked], [kind, 'one item per message', row.unchunked ?? '']);
  }
  // One message per item on threads: the pool's own dispatch, with no timer between tasks.
  list.push({
    what: '10 000 tiny items through the thread pool, one item per message, per item',
    measured: measured.threads!.unchunked!,
    op: '<=',
    target: 50,
    unit: ' µs',
  });
  if (redis)
    list.push({
      what: '10 000 tiny items through the Redis queue, chunked, per item',
      measured: measured.queue!.chunked,
      op: '<=',
      target: 20,
      unit: ' µs',
    });
  table('Per-item cost of a map of 10 000 tiny items (echo), started pool', ['pool', 'chunks', 'µs/item'], perItemRows);

  const pools = await comparePools({ itemCount: 2000, workers: WORKERS });
  table(
    'Pool libraries: 2000 tiny items (echo), one task per item unless chunked',
    ['library', 'start ms', 'run ms', 'µs/item', 'items/s'],
    pools.map((row) => [row.library, row.startMs, row.runMs, row.microsPerItem, row.itemsPerSecond]),
  );

  const passing = await measureDataPassing({ sizesMb: [1, 10, 100], modes: ['clone', 'transfer', 'shared'] });
  table(
    'Handing a buffer to a worker (round trip, median of 5)',
    ['mode', 'MB', 'ms', 'MB/s'],
    passing.map((row) => [row.mode, row.megabytes, row.ms, row.mbPerSecond ?? '— (nothing copied)']),
  );
  return goals(list);
}

/**
 * The CPU benchmark: the guide's workload sequentially (beside CPython), parallelMap on a started
 * pool at the guide's size and at a ≥ 2 s size, tiny items, the pool libraries, and data passing.
 */
import { availableParallelism } from 'node:os';
import {
  comparePools,
  createPool,
  guideNumbers,
  hasRedisServer,
  measureDataPassing,
  medianOf,
  parallelMap,
  type PoolKind,
  timeOnStartedPool,
  timeSequential,
  withPool,
} from '../lib';
import { runPython } from './processes';
import { type Goal, goals, table } from './report';

const WORKERS = 2;

/**
 * Sequential and parallel medians on warmed code and a started pool of WORKERS (the queue's on a
 * Redis started here).
 */
async function speedup(
  numbers: number[],
  runs: number,
  kind: PoolKind = 'threads',
): Promise<{ sequentialMs: number; startMs: number; parallelMs: number; results: bigint[] }> {
  const sequential = await timeSequential(numbers, runs);
  const parallel = await timeOnStartedPool(numbers, {
    workers: WORKERS,
    runs,
    start: () => createPool(kind, { workers: WORKERS }),
  });
  return { sequentialMs: sequential.ms, startMs: parallel.startMs, parallelMs: parallel.ms, results: parallel.results };
}

export async function benchCpu(): Promise<number> {
  const list: Goal[] = [];
  const guide = guideNumbers(20, 10_000_000);
  const atGuide = await speedup(guide, 5);
  const large = guideNumbers(24, 100_000_000);
  const atLarge = await speedup(large, 3);
  // The same map on child processes: their start-up and per-item cost beside the threads'.
  const onProcesses = await speedup(large, 3, 'processes');
  // And on a queue: one job per chunk through Redis to worker processes, as across machines.
  const redis = hasRedisServer();
  const onQueue = redis ? await speedup(large, 3, 'queue') : null;

  const python = runPython<{ wallMs: number; results: string[] }>('heavy.py', ['10000000', '20']);
  type Speedup = Awaited<ReturnType<typeof speedup>>;
  // One table row of a parallel run: its time, its speedup over the same numbers in sequence, its pool's start.
  const parallelRow = (label: string, items: number, run: Speedup) => [
    label,
    items,
    run.parallelMs,
    run.sequentialMs / run.parallelMs,
    run.startMs,
  ];
  const rows: Array<Array<string | number>> = [
    ['node sumOfSquares (exact bigint), sequential', 20, atGuide.sequentialMs, '', ''],
    parallelRow('node parallelMap, started pool', 20, atGuide),
    ['node sumOfSquares, sequential (≥ 2 s workload)', 24, atLarge.sequentialMs, '', ''],
    parallelRow('node parallelMap, started pool (≥ 2 s workload)', 24, atLarge),
    parallelRow('node parallelMap, started child processes (≥ 2 s workload)', 24, onProcesses),
  ];
  if (onQueue)
    rows.push(parallelRow('node parallelMap, Redis queue, 2 local worker processes (≥ 2 s workload)', 24, onQueue));
  if (python) rows.unshift(['python3 heavy_computation, sequential', 20, python.wallMs, '', '']);
  table(
    `CPU: the guide's workload (20 numbers from 1e7) and a large one (24 from 1e8), ${WORKERS} workers ` +
      `on ${availableParallelism()} cores`,
    ['run', 'items', 'ms', 'speedup', 'pool start ms'],
    rows,
  );
  if (python) {
    const equal = python.results.every((value, index) => value === String(atGuide.results[index]));
    console.log(`\nresults equal to Python's integers: ${equal}`);
    list.push({
      what: 'sequential Node / CPython time',
      measured: atGuide.sequentialMs / python.wallMs,
      op: '<=',
      target: 1 / 50,
    });
  } else {
    console.log('\npython3 not found: the CPython comparison is skipped');
  }
  list.push({
    what: "speedup on the guide's workload, started pool",
    measured: atGuide.sequentialMs / atGuide.parallelMs,
    op: '>=',
    target: 1.8,
    unit: '×',
  });
  list.push({
    what: `speedup on a ${(atLarge.sequentialMs / 1000).toFixed(1)} s workload, started pool`,
    measured: atLarge.sequentialMs / atLarge.parallelMs,
    op: '>=',
    target: 1.9,
    unit: '×',
  });
  list.push({
    what: `speedup on the ${(onProcesses.sequentialMs / 1000).toFixed(1)} s workload, ${WORKERS} child processes`,
    measured: onProcesses.sequentialMs / onProcesses.parallelMs,
    op: '>=',
    target: 1.85,
    unit: '×',
  });
  if (onQueue)
    list.push({
      what:
        `speedup on the ${(onQueue.sequentialMs / 1000).toFixed(1)} s workload, ` +
        `Redis queue with ${WORKERS} local workers`,
      measured: onQueue.sequentialMs / onQueue.parallelMs,
      op: '>=',
      target: 1.8,
      unit: '×',
    });
  else console.log('redis-server not found: the queue rows are skipped (apt-get install redis-server)');
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

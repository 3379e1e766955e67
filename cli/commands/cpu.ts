/** `runbook map` and `runbook gil`: the guide's CPU-bound workload and its GIL claim, headless. */
import type { PoolKind } from '../../lib/cpu/pool-kind-names';
import { progressReporter } from '../../lib/notebook/progress';
import { defaultWorkerCount, LIMITS } from '../../lib/limits';
import { choiceOption, intOption, UsageError } from '../args';
import { type Command, declareOptions } from '../command';
import { showChartUntilClosed } from '../interactive-plot';
import { redisUrlOption } from '../redis-option';
import { REDIS_URL_ENV } from '../../lib/queue/redis-url';

/** What `map` says its workers are. */
const WORKERS_ARE: Record<PoolKind, [one: string, many: string]> = {
  threads: ['worker thread', 'worker threads'],
  processes: ['child process', 'child processes'],
  queue: ['queue worker process on Redis', 'queue worker processes on Redis'],
};

interface MapReport {
  /** Worker threads, child processes, or queue workers on Redis (`--pool redis` is the queue). */
  pool: PoolKind;
  workers: number;
  chunkSize: number | 'default';
  sequentialMs: number;
  /** Starting the pool: threads spawned, code loaded. */
  startMs: number;
  /** The map on the started pool, after one untimed warm-up map. */
  parallelMs: number;
  speedup: number;
  /** Σ i² for each number, as decimal strings (exact; JSON has no bigint). */
  results: string[];
}

export const map: Command = {
  usage:
    'map [--pool threads|processes|queue] [--redis URL, or RUNBOOK_REDIS_URL] [--workers 2] [--count 20] ' +
    '[--n 10000000] [--chunk-size N] [--json] [--plot]',
  summary:
    "the guide's workload (COUNT numbers from N), sequential and with parallelMap " +
    'on worker threads, child processes or a Redis queue',
  options: declareOptions(['pool', 'redis', 'workers', 'count', 'n', 'chunk-size'], ['json', 'plot']),
  async run(values) {
    // Loaded when the command runs (see Command.run): pool-kind brings threads.js.
    const { createPool, POOL_KIND_NAMES, poolKind } =
      require('../../lib/cpu/pool-kind') as typeof import('../../lib/cpu/pool-kind');
    const { guideNumbers, timeOnStartedPool, timeSequential } =
      require('../../lib/experiments/cpu-bound') as typeof import('../../lib/experiments/cpu-bound');
    // One registry of kinds: `--pool redis`, the queue's first name, still means the queue.
    const pool = poolKind(choiceOption(values, 'pool', POOL_KIND_NAMES, 'threads'));
    // On a queue, 0 local workers is allowed: `runbook worker` processes elsewhere do the work.
    const workers = intOption(values, 'workers', 2, { ...LIMITS.workers, min: pool === 'queue' ? 0 : 1 });
    if (values.redis !== undefined && pool !== 'queue')
      throw new UsageError(`--redis goes with --pool queue, not --pool ${pool}`);
    const redis = pool === 'queue' ? redisUrlOption(values) : undefined;
    if (pool === 'queue' && workers === 0 && redis === undefined)
      throw new UsageError(
        `--workers 0 needs --redis URL (or ${REDIS_URL_ENV}): with the embedded Redis, nobody else can take the work`,
      );
    const count = intOption(values, 'count', 20, { min: 1, max: 100_000 });
    const n = intOption(values, 'n', 10_000_000, { max: 2 ** 32 });
    const chunkSize =
      values['chunk-size'] === undefined ? undefined : intOption(values, 'chunk-size', 1, { min: 1, max: 100_000 });
    if (n + count - 1 > 2 ** 32)
      throw new UsageError(
        `--n plus --count must stay within 2^32 (the exact loop's range), got n = ${n}, count = ${count}`,
      );
    const numbers = guideNumbers(count, n);
    // Both sides are timed on warmed code, after one untimed pass each.
    const { ms: sequentialMs, results: sequential } = await timeSequential(numbers);
    const {
      startMs,
      ms: parallelMs,
      results: parallel,
    } = await timeOnStartedPool(numbers, {
      workers,
      chunkSize,
      onProgress: progressReporter('mapping'),
      start: () => createPool(pool, { workers, redis }),
    });
    const mismatch = parallel.findIndex((value, index) => value !== sequential[index]);
    if (mismatch >= 0) throw new Error(`parallel result ${mismatch} differs from the sequential one`);
    const report: MapReport = {
      pool,
      workers,
      chunkSize: chunkSize ?? 'default',
      sequentialMs,
      startMs,
      parallelMs,
      speedup: sequentialMs / parallelMs,
      results: parallel.map(String),
    };
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report, n));
    if (values.plot) {
      await showChartUntilClosed(
        [
          {
            type: 'bar',
            name: 'wall time (ms)',
            x: ['sequential', 'pool start-up', `parallel map, ${workers} ${WORKERS_ARE[pool][workers === 1 ? 0 : 1]}`],
            y: [sequentialMs, startMs, parallelMs],
          },
        ],
        {
          title: `${count} × sumOfSquares from ${n}: speedup ${report.speedup.toFixed(2)}× on the started pool`,
          yaxis: { title: 'wall time (ms)' },
        },
      );
    }
    return 0;
  },
};

function describe(report: MapReport, n: number): string {
  const workers = WORKERS_ARE[report.pool][report.workers === 1 ? 0 : 1];
  const withStart = report.sequentialMs / (report.startMs + report.parallelMs);
  return [
    `${report.results.length} numbers from ${n}, ${report.workers} ${workers}:`,
    `  sequential      ${report.sequentialMs.toFixed(1)} ms`,
    `  pool start-up   ${report.startMs.toFixed(1)} ms`,
    `  parallel map    ${report.parallelMs.toFixed(1)} ms  (speedup ${report.speedup.toFixed(2)}× ` +
      `on the started pool, ${withStart.toFixed(2)}× with start-up)`,
    `  first result    ${report.results[0]}`,
    '',
  ].join('\n');
}

export const gil: Command = {
  usage: 'gil [--workers CORES] [--n 2000000] [--count 8] [--task-ms 50] [--hash-mib 32] [--json] [--plot]',
  summary:
    "CPython's threads, subinterpreters, processes and sha256 on threads (RUNBOOK_PYTHON, else the newest " +
    "python3.x), beside Node's one thread and worker threads",
  options: declareOptions(['workers', 'n', 'count', 'task-ms', 'hash-mib'], ['json', 'plot']),
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { gilComparison } =
      require('../../lib/experiments/gil-comparison') as typeof import('../../lib/experiments/gil-comparison');
    const { python, rows, notMeasured } = await gilComparison({
      // Each CPython worker is a thread, a subinterpreter or a process: the same ceiling as worker threads.
      workers: intOption(values, 'workers', defaultWorkerCount(), LIMITS.workers),
      // CPython's loop takes about 50 ms per million: 100 million is some seconds per number.
      n: intOption(values, 'n', 2_000_000, { min: 1, max: 100_000_000 }),
      count: intOption(values, 'count', 8, { min: 1, max: 1_000 }),
      taskMs: intOption(values, 'task-ms', 50, { min: 1, max: 60_000 }),
      hashMiB: intOption(values, 'hash-mib', 32, { min: 1, max: 256 }),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ python, rows, notMeasured })}\n`);
    } else {
      // Columns as wide as their longest entry.
      const [runtimeWidth, howWidth] = (['runtime', 'how'] as const).map((key) =>
        Math.max(...[...rows, ...notMeasured].map((row) => row[key].length)),
      );
      const start = (row: { runtime: string; how: string }) =>
        `${row.runtime.padEnd(runtimeWidth)}  ${row.how.padEnd(howWidth)}  `;
      const lines = rows.map(
        (row) =>
          `${start(row)}${row.speedup.toFixed(2)}× over one after another (${row.ms.toFixed(0)} ` +
          `vs ${row.sequentialMs.toFixed(0)} ms)`,
      );
      for (const row of notMeasured)
        lines.push(`${start(row)}not measured: ${row.why}${row.published ? `\n  ${row.published}` : ''}`);
      if (!python)
        lines.push(
          'no Python answered (RUNBOOK_PYTHON, python3.14, python3.13, python3.12, python3): ' +
            'only the Node rows are measured',
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (values.plot) {
      const runtimes = [...new Set(rows.map((row) => row.runtime))];
      await showChartUntilClosed(
        runtimes.map((runtime) => ({
          type: 'bar',
          name: runtime,
          x: rows.filter((row) => row.runtime === runtime).map((row) => row.kind),
          y: rows.filter((row) => row.runtime === runtime).map((row) => row.speedup),
        })),
        { title: 'CPU-bound tasks run together: speedup over one after another', yaxis: { title: 'speedup (×)' } },
      );
    }
    return 0;
  },
};

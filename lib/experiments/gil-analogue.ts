/**
 * The GIL analogue: one JavaScript thread per isolate. A CPU loop on the main thread stalls every
 * timer and download; the same loop in a worker thread leaves the event loop free. And the GIL itself,
 * measured in CPython beside Node's counterparts.
 */
import { compareWaitingAndComputing, ConflictRow } from './core-conflict';
import { downloadAll } from '../io/download';
import { LagReport, measureEventLoopLag } from '../measure/event-loop-lag';
import { pageUrls } from '../io/latency-server';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { parallelMap } from '../cpu/parallel-map';
import { pythonGilRun } from './python';
import { spinFor } from '../workloads/spin';
import { checkRuns, medianRun } from '../measure/timing';

export interface BlockingRun {
  where: 'main thread' | 'worker thread';
  lag: LagReport<unknown>;
  /** Wall time of a small download started together with the CPU loop. */
  downloadMs: number;
  /** When the CPU loop ended, in ms after the download started (`downloadMs` is when the download did). */
  blockEndMs: number;
  /** Of all runs (see `runs`): the fastest and the slowest download; this run is the median one. */
  minDownloadMs: number;
  maxDownloadMs: number;
}

/**
 * Busy the CPU for `blockMs` on the main thread or in a worker, while a timer ticks and `pageCount`
 * pages (`latencyMs` each, all at once) download from the embedded server; `runs` times, and the
 * run returned is the one with the median download time.
 * @example const onMain = await blockWhileDownloading('main thread', { blockMs: 500, runs: 3 });
 */
export async function blockWhileDownloading(where: BlockingRun['where'], { blockMs = 1000, pageCount = 10, latencyMs = 50, runs = 1 } = {}): Promise<BlockingRun> {
  if (!(blockMs > 0 && blockMs <= 60_000)) throw new RangeError('Expected `blockMs` to be a number of milliseconds above 0, up to 60000');
  checkRuns(runs, 100);
  // The server in a process of its own: its replies are sent on time whatever this thread does, and
  // wait to be read, as a remote site's would.
  return withLatencyServerProcess({ latencyMs, bytes: 1024 }, async (server) => {
    const { median, min, max } = await medianRun(runs, async () => {
      let downloadMs = 0;
      let blockEndMs = 0;
      const lag = await measureEventLoopLag(async () => {
        const started = performance.now();
        const download = downloadAll(pageUrls(server.url, pageCount), { concurrency: pageCount }).then(() => { downloadMs = performance.now() - started; });
        // Give the requests a moment to leave before the CPU is taken.
        await new Promise((resolve) => setTimeout(resolve, 5));
        const block = where === 'main thread' ? Promise.resolve(spinFor(blockMs)) : parallelMap([blockMs], 'spin', { workers: 1 });
        await Promise.all([download, block.then(() => { blockEndMs = performance.now() - started; })]);
      });
      return { where, lag, downloadMs, blockEndMs };
    }, (run) => run.downloadMs);
    return { ...median, minDownloadMs: min, maxDownloadMs: max };
  });
}

/** One bar of `gilComparison`: how much a runtime's two ways of running CPU-bound tasks at once gain. */
export interface GilRow {
  runtime: string;
  /** The guide's tool and Node's counterpart share a name: threads ↔ one JS thread, processes ↔ workers. */
  kind: 'threads ↔ one JS thread' | 'processes ↔ worker threads';
  how: string;
  ms: number;
  sequentialMs: number;
  /** sequentialMs / ms, medians of three runs: 1 means no gain at all. */
  speedup: number;
  /** The least and the most a run gained (CPython: round by round; Node: the median sequential time over the slowest and fastest run). */
  slowestSpeedup: number;
  fastestSpeedup: number;
}

/**
 * The guide's GIL claim in CPython (`heavy_computation(n)` × `count` on a thread pool and a process
 * pool of `workers`) beside Node's counterparts (`count` CPU tasks of `taskMs` with `Promise.all` on one
 * thread and on `workers` worker threads), each as a speedup over its own one-after-another run.
 * The CPython rows are missing without python3.
 * @example const rows = await gilComparison({ n: 2_000_000, count: 8, workers: 2, taskMs: 50 });
 */
export async function gilComparison({ n, count, workers, taskMs }: { n: number; count: number; workers: number; taskMs: number }): Promise<GilRow[]> {
  const row = (runtime: string, kind: GilRow['kind'], how: string, ms: number, sequentialMs: number, gains: number[]): GilRow =>
    ({ runtime, kind, how, ms, sequentialMs, speedup: sequentialMs / ms, slowestSpeedup: Math.min(...gains), fastestSpeedup: Math.max(...gains) });
  const rows: GilRow[] = [];
  const python = pythonGilRun({ n, count, workers });
  if (python) {
    const runtime = `CPython ${python.python}${python.gilEnabled ? '' : ' (no GIL)'}`;
    rows.push(
      row(runtime, 'threads ↔ one JS thread', `ThreadPoolExecutor(${workers})`, python.threadsMs, python.sequentialMs, python.rounds.map(([alone, threads]) => alone / threads)),
      row(runtime, 'processes ↔ worker threads', `ProcessPoolExecutor(${workers})`, python.processesMs, python.sequentialMs, python.rounds.map(([alone, , processes]) => alone / processes)),
    );
  }
  const node = await compareWaitingAndComputing({ taskCount: count, taskMs, workers, works: ['computing'], runs: 3 });
  const computing = (schedule: ConflictRow['schedule']) => node.find((entry) => entry.schedule === schedule)!;
  const sequentialMs = computing('one after another').wallMs;
  const nodeRow = (kind: GilRow['kind'], how: string, schedule: ConflictRow['schedule']) => {
    const { wallMs, minMs, maxMs } = computing(schedule);
    return row(`Node ${process.versions.node}`, kind, how, wallMs, sequentialMs, [sequentialMs / maxMs, sequentialMs / minMs]);
  };
  rows.push(nodeRow('threads ↔ one JS thread', 'Promise.all on the main thread', 'all at once'), nodeRow('processes ↔ worker threads', `${workers} worker threads`, 'on worker threads'));
  return rows;
}

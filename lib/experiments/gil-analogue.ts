/**
 * The GIL analogue: one JavaScript thread per isolate. A CPU loop on the main thread stalls every
 * timer and download; the same loop in a worker thread leaves the event loop free. (The GIL itself,
 * measured in CPython beside Node's counterparts, is `gil-comparison.ts`.)
 */
import { checkMs } from '../check-range';
import { downloadAll } from '../io/download';
import { LIMITS } from '../limits';
import { type LagReport, measureEventLoopLag } from '../measure/event-loop-lag';
import { pageUrls } from '../io/latency-server';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { parallelMap } from '../cpu/parallel-map';
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
export async function blockWhileDownloading(
  where: BlockingRun['where'],
  { blockMs = 1000, pageCount = 10, latencyMs = 50, runs = 1 } = {},
): Promise<BlockingRun> {
  checkMs('blockMs', blockMs, LIMITS.blockMs);
  checkRuns(runs, 100);
  // The server in a process of its own: its replies are sent on time whatever this thread does, and
  // wait to be read, as a remote site's would.
  return withLatencyServerProcess({ latencyMs, bytes: 1024 }, async (server) => {
    const { median, min, max } = await medianRun(
      runs,
      async () => {
        let downloadMs = 0;
        let blockEndMs = 0;
        const lag = await measureEventLoopLag(async () => {
          const started = performance.now();
          const download = downloadAll(pageUrls(server.url, pageCount), { concurrency: pageCount }).then(() => {
            downloadMs = performance.now() - started;
          });
          // Give the requests a moment to leave before the CPU is taken.
          await new Promise((resolve) => setTimeout(resolve, 5));
          const block =
            where === 'main thread'
              ? Promise.resolve(spinFor(blockMs))
              : parallelMap([blockMs], 'spin', { workers: 1 });
          await Promise.all([
            download,
            block.then(() => {
              blockEndMs = performance.now() - started;
            }),
          ]);
        });
        return { where, lag, downloadMs, blockEndMs };
      },
      (run) => run.downloadMs,
    );
    return { ...median, minDownloadMs: min, maxDownloadMs: max };
  });
}

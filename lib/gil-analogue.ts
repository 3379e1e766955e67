/**
 * The GIL analogue: one JavaScript thread per isolate. A CPU loop on the main thread stalls every
 * timer and download; the same loop in a worker thread leaves the event loop free.
 */
import { spinFor } from './stand-ins';
import { downloadAll } from './download';
import { LagReport, measureEventLoopLag } from './event-loop-lag';
import { withLatencyServer } from './io-experiments';
import { pageUrls } from './latency-server';
import { parallelMap } from './parallel-map';

export interface BlockingRun {
  where: 'main thread' | 'worker thread';
  lag: LagReport<unknown>;
  /** Wall time of a small download started together with the CPU loop. */
  downloadMs: number;
}

/**
 * Busy the CPU for `blockMs` on the main thread or in a worker, while a timer ticks and `pageCount`
 * pages (`latencyMs` each, all at once) download from the embedded server.
 * @example const [main, worker] = await Promise.all(...); // see notebook 02
 */
export async function blockWhileDownloading(where: BlockingRun['where'], { blockMs = 1000, pageCount = 10, latencyMs = 50 } = {}): Promise<BlockingRun> {
  if (!(blockMs > 0)) throw new RangeError('Expected `blockMs` to be a positive number of milliseconds');
  return withLatencyServer({ latencyMs, bytes: 1024 }, async (server) => {
    let downloadMs = 0;
    const lag = await measureEventLoopLag(async () => {
      const started = performance.now();
      const download = downloadAll(pageUrls(server.url, pageCount), { concurrency: pageCount }).then(() => { downloadMs = performance.now() - started; });
      // Give the requests a moment to leave before the CPU is taken.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const block = where === 'main thread' ? Promise.resolve(spinFor(blockMs)) : parallelMap([blockMs], 'spin', { workers: 1 });
      await Promise.all([download, block]);
    });
    return { where, lag, downloadMs };
  });
}

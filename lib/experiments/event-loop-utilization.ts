/**
 * Which threads are busy? `performance.eventLoopUtilization()` is the share of wall time an event
 * loop spent running callbacks rather than waiting for something to happen; `worker.performance`
 * reads the same for a worker thread from outside it. A worker computing shows about 1, one waiting
 * on the network about 0: the CPU-bound / I/O-bound split, read off a running program.
 */
import { performance as mainPerformance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { checkMs } from '../check-range';
import { workerFile } from '../files';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { track } from '../running';

/** One thread's event loop over the measured window. */
export interface UtilizationRow {
  /** `computing worker`, `waiting worker` (on the network) or `main thread` (waiting for both). */
  thread: string;
  /** Active time over active plus idle time, from 0 to 1. */
  utilization: number;
  activeMs: number;
  idleMs: number;
}

/** Resolves on the worker's first message; rejects if it fails or exits first. */
function started(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the probe worker exited with code ${code} before it started`)));
  });
}

/**
 * Two worker threads for `windowMs`: one computing, one fetching pages one after another from a
 * latency server (in a process of its own, `latencyMs` per page); the event-loop utilization of
 * each, and of this thread, which only waits meanwhile.
 * @example const rows = await workerUtilization({ windowMs: 500 }); // computing ≈ 1, waiting ≈ 0
 */
export async function workerUtilization({
  windowMs = 500,
  latencyMs = 20,
}: {
  windowMs?: number;
  latencyMs?: number;
} = {}): Promise<UtilizationRow[]> {
  checkMs('windowMs', windowMs, { min: 10, max: 60_000 });
  checkMs('latencyMs', latencyMs, { min: 1, max: 10_000 });
  return withLatencyServerProcess({ latencyMs, bytes: 1024 }, async (server) => {
    const probes = [
      { thread: 'computing worker', worker: new Worker(workerFile('elu-probe'), { workerData: { mode: 'compute' } }) },
      {
        thread: 'waiting worker',
        worker: new Worker(workerFile('elu-probe'), { workerData: { mode: 'wait', url: server.url } }),
      },
    ];
    const forget = track(async () => {
      await Promise.all(probes.map(({ worker }) => worker.terminate()));
    });
    try {
      await Promise.all(probes.map(({ worker }) => started(worker)));
      const before = probes.map(({ worker }) => worker.performance.eventLoopUtilization());
      const mainBefore = mainPerformance.eventLoopUtilization();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      // Given an earlier reading, eventLoopUtilization returns the difference: this window alone.
      const windows = [
        ...probes.map(({ thread, worker }, index) => ({
          thread,
          elu: worker.performance.eventLoopUtilization(before[index]),
        })),
        { thread: 'main thread', elu: mainPerformance.eventLoopUtilization(mainBefore) },
      ];
      return windows.map(({ thread, elu }) => ({
        thread,
        utilization: elu.utilization,
        activeMs: elu.active,
        idleMs: elu.idle,
      }));
    } finally {
      await Promise.all(probes.map(({ worker }) => worker.terminate()));
      forget();
    }
  });
}

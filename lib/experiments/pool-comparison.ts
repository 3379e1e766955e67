/**
 * Beyond the guide: the same tiny tasks through threads.js's Pool, the runbook's own pool, piscina
 * and plain `worker_threads` — what each costs per item, measured in one run.
 */
import { Worker } from 'node:worker_threads';
import { checkWhole } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import { LIMITS } from '../limits';
import type { ProgressCallback } from '../progress';
import { measure } from '../measure/timing';
import { compiledFile, workerFile } from '../files';
import { track } from '../running';
import { withWorkerPool } from '../cpu/worker-pool';
import type { TaskName } from '../cpu/tasks';
import type { ChunkRunner } from '../cpu/chunk-protocol';
import { threadsPackage } from '../cpu/threads-package';
import { ThreadsWorker } from '../cpu/threads-worker';

export interface PoolRow {
  library: string;
  /** Starting the workers and loading their code. */
  startMs: number;
  /** The items' run on the started pool. */
  runMs: number;
  microsPerItem: number;
  itemsPerSecond: number;
}

/** threads.js's own Pool, one task per item: each task first awaits its `delay(0)` timer. */
async function threadsJsPool(items: number[], workers: number, task: TaskName): Promise<Omit<PoolRow, 'library'>> {
  const { Pool, spawn } = threadsPackage;
  const entry = compiledFile('cpu/chunk-runner');
  const { ms: startMs, result: pool } = await measure(async () => {
    // Our Worker class under threads.js's spawn: its own keeps every worker for ever (threads-worker.ts).
    const started = Pool(
      () => spawn<ChunkRunner>(new ThreadsWorker(entry, { workerData: { taskFiles: [] } }) as never),
      { size: workers, concurrency: 1 },
    );
    // threads.js starts its workers at once; one echo per worker waits until they answer.
    await Promise.all(Array.from({ length: workers }, () => started.queue((runner) => runner.runChunk('echo', [0]))));
    return started;
  });
  const forget = track(() => pool.terminate(true));
  try {
    const { ms } = await measure(() =>
      Promise.all(
        items.map((item) =>
          pool.queue(async (runner) => {
            const outcome = await runner.runChunk(task, [item]);
            if (!outcome.ok) throw new Error(outcome.message);
          }),
        ),
      ),
    );
    return row(startMs, ms, items.length);
  } finally {
    await pool.terminate(true);
    forget();
  }
}

/** The runbook's own thread pool through `parallelMap`: `chunkSize` items per message. */
async function runbookPool(
  items: number[],
  workers: number,
  task: TaskName,
  chunkSize: number | undefined,
): Promise<Omit<PoolRow, 'library'>> {
  return withWorkerPool({ workers }, async (pool) => {
    const { ms } = await measure(() => parallelMap(items, task, { pool, chunkSize }));
    return row(pool.startMs, ms, items.length);
  });
}

async function piscina(items: number[], workers: number, task: TaskName): Promise<Omit<PoolRow, 'library'>> {
  const { Piscina } = await import('piscina');
  const { ms: startMs, result: pool } = await measure(async () => {
    const started = new Piscina({ filename: workerFile('piscina-tasks'), minThreads: workers, maxThreads: workers });
    // One first task, alone: piscina 5.3 mishandled a burst of concurrent first tasks here.
    await started.run(0, { name: 'echo' });
    return started;
  });
  try {
    const { ms } = await measure(() => Promise.all(items.map((item) => pool.run(item, { name: task }))));
    return row(startMs, ms, items.length);
  } finally {
    await pool.destroy();
  }
}

async function rawWorkers(items: number[], workers: number, task: TaskName): Promise<Omit<PoolRow, 'library'>> {
  const { ms: startMs, result: threads } = await measure(() =>
    Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<Worker>((resolve, reject) => {
            const worker = new Worker(workerFile('raw-tasks'));
            worker.once('online', () => resolve(worker));
            worker.once('error', reject);
          }),
      ),
    ),
  );
  try {
    const { ms } = await measure(
      () =>
        new Promise<void>((resolve, reject) => {
          let pending = items.length;
          for (const worker of threads) {
            worker.on('message', () => {
              if (--pending === 0) resolve();
            });
            worker.once('error', reject);
          }
          // Round-robin, all posted at once: each worker drains its own message queue.
          items.forEach((item, id) => threads[id % workers].postMessage({ id, name: task, item }));
        }),
    );
    return row(startMs, ms, items.length);
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
}

function row(startMs: number, runMs: number, count: number): Omit<PoolRow, 'library'> {
  return { startMs, runMs, microsPerItem: (runMs * 1000) / count, itemsPerSecond: count / (runMs / 1000) };
}

/**
 * Run `itemCount` tiny items (`echo` by default) through each library on `workers` threads.
 * @example const rows = await comparePools({ itemCount: 10_000, workers: 2 });
 */
export async function comparePools({
  itemCount = 10_000,
  workers = 2,
  task = 'echo',
  onProgress,
}: {
  itemCount?: number;
  workers?: number;
  task?: TaskName;
  onProgress?: ProgressCallback;
} = {}): Promise<PoolRow[]> {
  checkWhole('itemCount', itemCount, LIMITS.tasks);
  checkWhole('workers', workers, LIMITS.workers);
  const items = Array.from({ length: itemCount }, (_, index) => index);
  const runs: Array<[string, () => Promise<Omit<PoolRow, 'library'>>]> = [
    ['threads.js Pool, one task per item', () => threadsJsPool(items, workers, task)],
    ['runbook pool, one item per message', () => runbookPool(items, workers, task, 1)],
    ['runbook pool, default chunks', () => runbookPool(items, workers, task, undefined)],
    ['piscina, one task per item', () => piscina(items, workers, task)],
    ['worker_threads, one message per item', () => rawWorkers(items, workers, task)],
  ];
  const rows: PoolRow[] = [];
  for (const [index, [library, run]] of runs.entries()) {
    rows.push({ library, ...(await run()) });
    onProgress?.(index + 1, runs.length);
  }
  return rows;
}

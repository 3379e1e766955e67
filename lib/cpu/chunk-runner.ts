/**
 * The first file of a pool's worker thread (started by `worker-pool.ts`): runs one chunk of items
 * through a task and reports, per chunk, either all results or the first failure with its position.
 * Loaded by plain Node from `dist/`. Its pool hands it, as `workerData.taskFiles`, the only task
 * modules it may load.
 */
import { workerData } from 'node:worker_threads';
import { expose } from 'threads/worker';
import type { ChunkRunner, TaskRef } from './chunk-protocol';
import { runChunk } from './run-chunk';

const allowed: readonly string[] = (workerData as { taskFiles?: string[] } | null)?.taskFiles ?? [];
// One chunk at a time, in the order sent, also when a task awaits: the pool may send the next chunk
// before this one ends (its lookahead), and a worker's chunks never overlap.
let previous: Promise<unknown> = Promise.resolve();
const runner: ChunkRunner = {
  runChunk(task: TaskRef, items: unknown[]) {
    const run = previous.then(() => runChunk(task, items, allowed));
    previous = run;
    return run;
  },
};
expose(runner);

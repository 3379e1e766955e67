/**
 * The worker thread's entry: runs one chunk of items through a task and reports, per chunk,
 * either all results or the first failure with its position. Loaded by plain Node from `dist/`.
 * Its pool hands it, as `workerData.taskFiles`, the only task modules it may load.
 */
import { workerData } from 'node:worker_threads';
import { expose } from 'threads/worker';
import type { ChunkRunner, TaskRef } from '../cpu/chunk-protocol';
import { runChunk } from '../cpu/run-chunk';

const allowed: readonly string[] = (workerData as { taskFiles?: string[] } | null)?.taskFiles ?? [];
const runner: ChunkRunner = { runChunk: (task: TaskRef, items: unknown[]) => runChunk(task, items, allowed) };
expose(runner);

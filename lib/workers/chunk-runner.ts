/**
 * The worker thread's entry: runs one chunk of items through a task and reports, per chunk,
 * either all results or the first failure with its position. Loaded by plain Node from `dist/`.
 */
import { expose } from 'threads/worker';
import type { ChunkRunner } from '../cpu/chunk-protocol';
import { runChunk } from '../cpu/run-chunk';

const runner: ChunkRunner = { runChunk };
expose(runner);

/**
 * BullMQ's sandboxed processor for the queue pool: a job is a chunk, run as every pool's worker runs
 * one. A failed item throws (so the job's attempts apply), carrying the chunk's outcome as JSON.
 */
import type { Job } from 'bullmq';
import { decodeChunk, encodeResults, QueuedChunk } from '../queue/chunk-codec';
import { runChunk } from '../cpu/run-chunk';

// This module runs in a child process BullMQ starts for the worker. A worker killed outright leaves it
// behind, and BullMQ's child then spins at full CPU on its closed channel: go with the worker instead.
process.on('disconnect', () => process.exit(0));

export default async function processChunk(job: Job<QueuedChunk>): Promise<string> {
  const { task, items } = decodeChunk(job.data);
  const outcome = await runChunk(task, items);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return encodeResults(outcome.results);
}

/**
 * BullMQ's sandboxed processor for the queue pool: a job is a chunk, run as every pool's worker runs
 * one, with the task modules its worker was started with (`RUNBOOK_TASK_FILES`). A failed item, a task
 * this worker does not allow or a malformed job throws (so the job's attempts apply), carrying the
 * chunk's outcome as JSON.
 */
import type { Job } from 'bullmq';
import { decodeChunk, encodeResults } from './chunk-codec';
import { runChunk } from '../cpu/run-chunk';
import { taskFilesFromEnvironment } from '../cpu/task-permissions';

// This module runs in a child process BullMQ starts for the worker. A worker killed outright leaves it
// behind, and BullMQ's child then spins at full CPU on its closed channel: go with the worker instead.
process.on('disconnect', () => process.exit(0));

const allowed = taskFilesFromEnvironment();

export default async function processChunk(job: Job): Promise<string> {
  let chunk;
  try {
    chunk = decodeChunk(job.data);
  } catch (error) {
    throw new Error(JSON.stringify({ ok: false, offset: 0, message: (error as Error).message }));
  }
  const outcome = await runChunk(chunk.task, chunk.items, allowed);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return encodeResults(outcome.results);
}

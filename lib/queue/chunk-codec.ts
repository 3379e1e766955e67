/**
 * What a chunk looks like in Redis. BullMQ keeps job data and results as JSON, which has no bigint
 * (the guide's sums are bigints) and no typed arrays: items and results travel as V8's structured
 * serialization in base64, the same values a worker thread or a child process would receive.
 * Anybody who can write to the queue can write a job, and any worker can write a result: sizes are
 * checked before anything is decoded, and counts before anything is walked.
 */
import { deserialize, serialize } from 'node:v8';
import { WorkerResultError } from '../errors';
import type { TaskRef } from '../cpu/chunk-protocol';

export interface QueuedChunk {
  task: TaskRef;
  /** The items, serialized. */
  items: string;
}

/** The most a chunk's items or its results may take in Redis, in base64 characters (96 MiB: 72 MiB of data). */
export const MAX_ENCODED_CHARS = 96 * 1024 * 1024;
/** The most items one chunk may hold. */
export const MAX_CHUNK_ITEMS = 1_000_000;

function decodeArray(text: unknown, what: string): unknown[] {
  if (typeof text !== 'string') throw new WorkerResultError(`${what} is not serialized data (got ${typeof text})`);
  if (text.length > MAX_ENCODED_CHARS)
    throw new WorkerResultError(
      `${what} takes ${text.length} characters, more than the ${MAX_ENCODED_CHARS} a chunk may`,
    );
  let value: unknown;
  try {
    value = deserialize(Buffer.from(text, 'base64'));
  } catch (error) {
    throw new WorkerResultError(`${what} does not decode: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new WorkerResultError(`${what} is not an array`);
  if (value.length > MAX_CHUNK_ITEMS)
    throw new WorkerResultError(`${what} holds ${value.length} items, more than the ${MAX_CHUNK_ITEMS} a chunk may`);
  return value;
}

export function encodeChunk(task: TaskRef, items: unknown[]): QueuedChunk {
  return { task, items: serialize(items).toString('base64') };
}

/** A job's data, checked: its size before decoding, its item count after. */
export function decodeChunk(chunk: unknown): { task: unknown; items: unknown[] } {
  if (typeof chunk !== 'object' || chunk === null) throw new WorkerResultError('The job holds no chunk');
  const { task, items } = chunk as Record<string, unknown>;
  return { task, items: decodeArray(items, "The job's items") };
}

export function encodeResults(results: unknown[]): string {
  return serialize(results).toString('base64');
}

/** A job's return value, checked for size before decoding (its count is checked by `checkOutcome`). */
export function decodeResults(text: unknown, source: string): unknown[] {
  return decodeArray(text, `The result of ${source}`);
}

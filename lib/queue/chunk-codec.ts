/**
 * What a chunk looks like in Redis. BullMQ keeps job data and results as JSON, which has no bigint
 * (the guide's sums are bigints) and no typed arrays: items and results travel as V8's structured
 * serialization in base64, the same values a worker thread or a child process would receive.
 */
import { deserialize, serialize } from 'node:v8';
import type { TaskRef } from '../cpu/chunk-protocol';

export interface QueuedChunk {
  task: TaskRef;
  /** The items, serialized. */
  items: string;
}

export function encodeChunk(task: TaskRef, items: unknown[]): QueuedChunk {
  return { task, items: serialize(items).toString('base64') };
}

export function decodeChunk(chunk: QueuedChunk): { task: TaskRef; items: unknown[] } {
  return { task: chunk.task, items: deserialize(Buffer.from(chunk.items, 'base64')) as unknown[] };
}

export function encodeResults(results: unknown[]): string {
  return serialize(results).toString('base64');
}

export function decodeResults(text: string): unknown[] {
  return deserialize(Buffer.from(text, 'base64')) as unknown[];
}

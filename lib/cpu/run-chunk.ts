/**
 * Running one chunk of items through a task, as every pool's worker does — a worker thread, a child
 * process or a queue worker's sandbox: all results in order, or the first failure and its position.
 */
import type { ChunkOutcome } from './chunk-protocol';
import { resolveTask } from './task-permissions';

/**
 * Items run one after another; an async task (I/O inside a worker) is awaited before the next.
 * @param allowed the task modules this worker was started with (see `task-permissions`).
 */
export async function runChunk(task: unknown, items: unknown[], allowed: readonly string[]): Promise<ChunkOutcome> {
  let offset = 0;
  try {
    const fn = resolveTask(task, allowed);
    const results = new Array(items.length);
    for (; offset < items.length; offset++) {
      const result = fn(items[offset]);
      results[offset] = result instanceof Promise ? await result : result;
    }
    return { ok: true, results };
  } catch (error) {
    const err = error as Error;
    return { ok: false, offset, message: err?.message ?? String(error), stack: err?.stack };
  }
}

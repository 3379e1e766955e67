/**
 * Running one chunk of items through a task, as every pool's worker does — a worker thread or a
 * child process: all results in order, or the first failure and its position.
 */
import type { ChunkOutcome, TaskRef } from './chunk-protocol';
import { tasks } from './tasks';

function resolveTask(task: TaskRef): (item: unknown) => unknown {
  const found = typeof task === 'string'
    ? (tasks as Record<string, unknown>)[task]
    : (require(task.file) as Record<string, unknown>)[task.name];
  if (typeof found !== 'function') {
    throw new TypeError(`No task ${JSON.stringify(task)}: expected a name from lib/cpu/tasks or { file, name } of an exported function`);
  }
  return found as (item: unknown) => unknown;
}

/** Items run one after another; an async task (I/O inside a worker) is awaited before the next. */
export async function runChunk(task: TaskRef, items: unknown[]): Promise<ChunkOutcome> {
  let offset = 0;
  try {
    const fn = resolveTask(task);
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

/**
 * What the main thread and a pool's worker say to each other: a chunk of items and a task to run
 * them through, answered by all the results or by the first failure and its position.
 */

/** A task by built-in name (`lib/cpu/tasks`), or an exported function of a compiled module on disk. */
export type TaskRef = string | { file: string; name: string };

/** A chunk's answer: every result in order, or where and how the first item failed. */
export type ChunkOutcome =
  | { ok: true; results: unknown[] }
  | { ok: false; offset: number; message: string; stack?: string };

/** The functions a pool's worker exposes (`chunk-runner.ts`). */
export type ChunkRunner = {
  runChunk(task: TaskRef, items: unknown[]): Promise<ChunkOutcome>;
};

/** A chunk sent to a pool's child process, and its answer: matched by `id`. */
export type ChunkRequest = { id: number; task: TaskRef; items: unknown[] };
export type ChunkReply = { id: number; outcome: ChunkOutcome };

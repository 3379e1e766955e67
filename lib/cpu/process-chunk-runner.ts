/**
 * The first file of a pool's child process (started by `process-pool.ts`): the same chunks as a
 * worker thread runs, asked and answered over the IPC channel (`serialization: 'advanced'`, so
 * bigints and typed arrays cross). Its pool hands it the only task modules it may load through
 * `RUNBOOK_TASK_FILES`.
 */
import type { ChunkRequest, ChunkReply } from './chunk-protocol';
import { runChunk } from './run-chunk';
import { taskFilesFromEnvironment } from './task-permissions';

const allowed = taskFilesFromEnvironment();
process.on('message', (request: ChunkRequest) => {
  void runChunk(request.task, request.items, allowed).then((outcome) =>
    process.send!({ id: request.id, outcome } satisfies ChunkReply),
  );
});
// The parent went away (killed, or crashed): nobody will ask again.
process.on('disconnect', () => process.exit(0));
process.send!('ready');

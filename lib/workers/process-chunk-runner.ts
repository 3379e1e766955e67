/**
 * The child process's entry in a process pool: the same chunks as a worker thread runs, asked and
 * answered over the IPC channel (`serialization: 'advanced'`, so bigints and typed arrays cross).
 */
import type { ChunkRequest, ChunkReply } from '../cpu/chunk-protocol';
import { runChunk } from '../cpu/run-chunk';

process.on('message', (request: ChunkRequest) => {
  void runChunk(request.task, request.items).then((outcome) => process.send!({ id: request.id, outcome } satisfies ChunkReply));
});
// The parent went away (killed, or crashed): nobody will ask again.
process.on('disconnect', () => process.exit(0));
process.send!('ready');

/**
 * The latency server's bodies, all written from one shared buffer: a body of any size is slices of
 * it, written one after another as the client reads. No answer allocates a body of its own, so the
 * server's memory does not grow with body sizes or with clients that read slowly or not at all.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The shared buffer's size: one write carries a default page (50 KiB) whole. */
export const BODY_CHUNK_BYTES = 64 * 1024;

let sharedChunk: Buffer | null = null;

/** The one buffer every body is sliced from, made on first use (a process that serves nothing never pays for it). */
function chunk(): Buffer {
  sharedChunk ??= Buffer.alloc(BODY_CHUNK_BYTES, 'x');
  return sharedChunk;
}

/**
 * Answer `response` with `status` and a body of `bytes` bytes of `x`: a body that fits the shared
 * buffer in one write, a larger one slice by slice, each written once the socket drained the last.
 * A socket queues a Buffer by reference, without copying it, so a client that reads nothing holds
 * one slice of the shared buffer, never a body (the bench's stalled-client row measures it). Stops
 * when the response or its connection closes (a pipelined response waiting its turn gets no 'close'
 * of its own when the connection goes).
 * @returns a promise that settles once the whole body was handed to the socket, or either closed
 */
export function writeBody(response: ServerResponse, status: number, bytes: number, socket: Socket): Promise<void> {
  response.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': bytes });
  if (bytes <= BODY_CHUNK_BYTES) {
    response.end(chunk().subarray(0, bytes));
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let left = bytes;
    const finish = () => {
      response.off('drain', writeMore);
      response.off('close', finish);
      socket.off('close', finish);
      resolve();
    };
    const writeMore = () => {
      // Write until the socket's buffer is full (write returns false), then wait for 'drain'.
      while (left > BODY_CHUNK_BYTES) {
        left -= BODY_CHUNK_BYTES;
        if (!response.write(chunk())) return;
      }
      response.end(chunk().subarray(0, left));
      finish();
    };
    response.on('drain', writeMore);
    response.once('close', finish);
    socket.once('close', finish);
    writeMore();
  });
}

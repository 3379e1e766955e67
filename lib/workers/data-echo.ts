/**
 * Worker entry for the data-passing measurement: answers each message with the size it received and
 * its first byte, so the data provably arrived (and, when cloned, was fully deserialized).
 */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (data: Uint8Array | number[]) => {
  // A plain array of numbers stands for 8 bytes per element, like the Float64 it would be in a typed array.
  const bytes = data instanceof Uint8Array ? data.byteLength : data.length * 8;
  parentPort!.postMessage({ bytes, first: data[0] });
});

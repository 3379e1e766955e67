/**
 * Worker entry for the data-passing measurement: answers each message with the size it received and
 * its first byte, so the data provably arrived (and, when cloned, was fully deserialized).
 */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (data: Uint8Array | number[]) => {
  const first = data instanceof Uint8Array ? data[0] : data[0];
  const bytes = data instanceof Uint8Array ? data.byteLength : data.length * 8;
  parentPort!.postMessage({ bytes, first });
});

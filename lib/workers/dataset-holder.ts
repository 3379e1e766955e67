/**
 * Worker entry for the dataset-memory measurement: keeps the dataset it receives for as long as it
 * lives (as a worker that works on its data would), reads one byte per page, and says so.
 */
import { parentPort } from 'node:worker_threads';

const held: Uint8Array[] = [];

// `on`, not `once`: a listening port keeps the worker, and with it the dataset, alive until terminated.
parentPort!.on('message', (data: Uint8Array) => {
  held.push(data);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4096) sum += data[i];
  parentPort!.postMessage({ bytes: data.byteLength, sum });
});

/**
 * Worker entry for `workerUtilization`: keeps its event loop computing (`compute`: slices of
 * spinWork, each followed by a turn of the loop) or waiting on the network (`wait`: one GET after
 * another to `url`), says 'started' once it is at it, and goes on until it is terminated.
 */
import { get } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { spinWork } from '../workloads/spin';

const { mode, url } = workerData as { mode: 'compute' | 'wait'; url?: string };
const SLICE_ITERATIONS = 2_000_000;

function computeSlice(): void {
  spinWork(SLICE_ITERATIONS);
  setImmediate(computeSlice);
}

let answered = 0;

function fetchNext(): void {
  get(url!, (response) => {
    response.resume().on('end', () => {
      if (++answered === 1) parentPort!.postMessage('started');
      fetchNext();
    });
  }).on('error', (error) => {
    throw error;
  });
}

if (mode === 'compute') {
  parentPort!.postMessage('started');
  setImmediate(computeSlice);
} else {
  fetchNext();
}

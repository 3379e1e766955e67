/**
 * Worker entry for the shared-counter race: waits at the start barrier, then adds to the shared
 * counter `increments` times in the given mode, and reports when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedMutex } from '../sync/shared-mutex';
import { CELL, CounterJob } from '../sync/shared-counter-layout';

const { buffer, increments, mode, batch } = workerData as CounterJob;
const cells = new Int32Array(buffer);
const mutex = new SharedMutex(cells, CELL.lock, 'counter');

// Start line: count ourselves in, then spin until the main thread flips `go`. Spinning, not
// Atomics.wait: waking a sleeping thread can take longer than a fast worker's whole run, and the
// race needs every thread running at once.
Atomics.add(cells, CELL.ready, 1);
parentPort!.postMessage('ready');
while (Atomics.load(cells, CELL.go) === 0);

if (mode === 'plain') {
  // Read, add, write: two threads can read the same value and both write value + 1.
  for (let i = 0; i < increments; i++) cells[CELL.counter] = cells[CELL.counter] + 1;
} else {
  // Count locally, publish every `batch` increments: one synchronization per batch, not per item.
  const publish = (amount: number) => {
    if (mode === 'atomics') {
      Atomics.add(cells, CELL.counter, amount);
    } else {
      mutex.lock();
      try {
        cells[CELL.counter] += amount;
      } finally {
        mutex.unlock();
      }
    }
  };
  let local = 0;
  for (let i = 0; i < increments; i++) {
    local++;
    if (local === batch) {
      publish(local);
      local = 0;
    }
  }
  if (local > 0) publish(local);
}
parentPort!.postMessage('done');

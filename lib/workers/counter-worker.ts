/**
 * Worker entry for the shared-counter race: waits at the start barrier, then adds to the shared
 * counter `increments` times in the given mode, and reports when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedMutex } from '../sync/shared-mutex';
import { CELL, type CounterJob } from '../sync/shared-counter-layout';

const { buffer, increments, mode, batch, spans, slot } = workerData as CounterJob;
const cells = new Int32Array(buffer);
const mutex = new SharedMutex(cells, CELL.lock, 'counter');
const WARM_UP_ROUNDS = 20;
const WARM_UP_INCREMENTS = 100_000;

/**
 * Add `increments` to `target`'s counter in this job's mode. A function, called a few times before
 * the clock runs: a loop run once at the top level is timed while V8 is still compiling it, which
 * made one thread alone read 15 to 45 ms for the same 20 million increments.
 */
function count(target: Int32Array, lock: SharedMutex, increments: number, batch: number): void {
  if (mode === 'plain') {
    // Read, add, write: two threads can read the same value and both write value + 1.
    for (let i = 0; i < increments; i++) target[CELL.counter] = target[CELL.counter] + 1;
    return;
  }
  // Count locally, publish every `batch` increments: one synchronization per batch, not per item.
  const publish = (amount: number) => {
    if (mode === 'atomics') {
      Atomics.add(target, CELL.counter, amount);
    } else {
      lock.lock();
      try {
        target[CELL.counter] += amount;
      } finally {
        lock.unlock();
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

// Warm-up on a private counter of the same shape, so the timed run is the compiled loop's.
const scratch = new Int32Array(new SharedArrayBuffer(cells.byteLength));
const scratchLock = new SharedMutex(scratch, CELL.lock, 'warm-up');
// Small batches in the warm-up too, whatever this run's batch: the compiled loop has seen its publish
// path, so a run that publishes once at the end (one thread alone) times the same code as the others.
for (let round = 0; round < WARM_UP_ROUNDS; round++)
  count(scratch, scratchLock, WARM_UP_INCREMENTS, round % 2 === 0 ? 1_000 : batch);
// V8 optimizes on a background thread: give it a moment to finish, then enter the optimized code once.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
count(scratch, scratchLock, WARM_UP_INCREMENTS, batch);

// Start line: count ourselves in, then sleep until the main thread flips `go` and wakes us all.
// Sleeping, not spinning: on two cores, two spinning workers would leave the main thread no core to
// flip `go` on. The wake-ups differ by well under a millisecond, far less than a racing run lasts.
Atomics.add(cells, CELL.ready, 1);
parentPort!.postMessage('ready');
Atomics.wait(cells, CELL.go, 0);
const times = new Float64Array(spans);
times[2 * slot] = performance.timeOrigin + performance.now();
count(cells, mutex, increments, batch);
times[2 * slot + 1] = performance.timeOrigin + performance.now();
parentPort!.postMessage('done');

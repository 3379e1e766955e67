/**
 * Worker entry for the lockstep race: two threads increment one shared counter in a schedule forced
 * by flags, not left to chance. Thread 0 reads, then waits for thread 1 to read and write before it
 * writes what it read plus one — the interleaving that loses an update. Under a lock, thread 1
 * cannot get in: thread 0's wait runs out, and the updates stay one after the other.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedMutex } from '../sync/shared-mutex';
import { LOCKSTEP_CELL as CELL, type LockstepJob } from '../sync/shared-counter-layout';

const { buffer, role, rounds, mode, slipInMs } = workerData as LockstepJob;
const cells = new Int32Array(buffer);
const mutex = new SharedMutex(cells, CELL.lock, 'counter');
const enter = () => {
  if (mode === 'mutex') mutex.lock();
};
const leave = () => {
  if (mode === 'mutex') mutex.unlock();
};

/** Sleep until `cells[index]` holds `value`, or `timeoutMs` passes; true when it does. */
function waitFor(index: number, value: number, timeoutMs = Infinity): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const current = Atomics.load(cells, index);
    if (current === value) return true;
    const leftMs = deadline - performance.now();
    if (leftMs <= 0) return false;
    Atomics.wait(cells, index, current, leftMs);
  }
}

function announce(index: number, round: number): void {
  Atomics.store(cells, index, round);
  Atomics.notify(cells, index);
}

for (let round = 1; round <= rounds; round++) {
  if (role === 0) {
    enter();
    const value = cells[CELL.counter]; // read
    announce(CELL.firstRead, round);
    // Let the other thread in. Nothing stops it without a lock, so wait for it however long it takes;
    // holding the lock, it can never get in, so give up after `slipInMs` rather than deadlock.
    waitFor(CELL.secondWrote, round, mode === 'mutex' ? slipInMs : Infinity);
    cells[CELL.counter] = value + 1; // write what was read: overwrites the other thread's update
    leave();
    announce(CELL.firstDone, round);
    waitFor(CELL.secondWrote, round); // the round ends when both have written
  } else {
    waitFor(CELL.firstRead, round);
    enter();
    cells[CELL.counter] = cells[CELL.counter] + 1;
    leave();
    announce(CELL.secondWrote, round);
    waitFor(CELL.firstDone, round);
  }
}
parentPort!.postMessage('done');

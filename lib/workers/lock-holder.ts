/**
 * Worker entry for `lockWaitOnMainThread`: takes a SharedMutex, says so, holds it for `holdMs`
 * (asleep, costing no CPU), releases it and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedMutex } from '../sync/shared-mutex';

const { buffer, index, holdMs } = workerData as { buffer: SharedArrayBuffer; index: number; holdMs: number };
const mutex = new SharedMutex(new Int32Array(buffer), index, 'held by a worker');
mutex.lock();
parentPort!.postMessage('holding');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
mutex.unlock();

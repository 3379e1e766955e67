/**
 * `SharedMutex`: a lock in one Int32Array slot of a SharedArrayBuffer, usable from every thread that
 * holds the buffer — `threading.Lock` for worker threads. Built on Atomics.compareExchange, sleeping
 * in Atomics.wait when contended (0 = free, 1 = held, 2 = held with sleepers), so a waiting thread
 * costs no CPU and the holder wakes one sleeper on unlock.
 */
import { LockTimeoutError } from '../errors';

const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

export class SharedMutex {
  /**
   * @param cells an Int32Array over a SharedArrayBuffer; `index` is the lock's slot, initially 0.
   * The same buffer and index in another thread name the same lock.
   */
  constructor(readonly cells: Int32Array, readonly index: number, readonly name = 'shared mutex') {
    if (!(cells.buffer instanceof SharedArrayBuffer)) throw new TypeError('Expected `cells` over a SharedArrayBuffer');
    if (!Number.isInteger(index) || index < 0 || index >= cells.length) throw new RangeError('Expected `index` inside `cells`');
  }

  /**
   * Block this thread until the lock is ours. Atomics.wait is refused on a browser's main thread but
   * allowed in Node, where it stalls the event loop — take shared locks in workers.
   * @throws LockTimeoutError after `timeoutMs`.
   */
  lock(timeoutMs = Infinity): void {
    const { cells, index } = this;
    if (Atomics.compareExchange(cells, index, FREE, HELD) === FREE) return; // fast path: uncontended
    const deadline = performance.now() + timeoutMs;
    // Announce a sleeper (2), then sleep while the lock stays held.
    while (Atomics.exchange(cells, index, CONTENDED) !== FREE) {
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(cells, index, CONTENDED, left) === 'timed-out') {
        if (Atomics.compareExchange(cells, index, FREE, CONTENDED) === FREE) return;
        throw new LockTimeoutError(`could not acquire "${this.name}" within ${timeoutMs} ms (held elsewhere: a deadlock?)`);
      }
    }
  }

  unlock(): void {
    const previous = Atomics.exchange(this.cells, this.index, FREE);
    if (previous === FREE) throw new Error(`"${this.name}" unlocked while free`);
    if (previous === CONTENDED) Atomics.notify(this.cells, this.index, 1);
  }

  /** Run `fn` holding the lock; released in `finally`. */
  withLock<T>(fn: () => T, timeoutMs?: number): T {
    this.lock(timeoutMs);
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }
}

/**
 * `SharedMutex`: a lock in one Int32Array slot of a SharedArrayBuffer, usable from every thread that
 * holds the buffer — `threading.Lock` for worker threads. Built on Atomics.compareExchange, sleeping
 * in Atomics.wait when contended (0 = free, 1 = held, 2 = held with sleepers), so a waiting thread
 * costs no CPU and the holder wakes one sleeper on unlock. `lockAsync` waits the same way with
 * Atomics.waitAsync, which never blocks its thread: the main thread's way to take the lock.
 */
import { checkMs } from '../check-range';
import { LockTimeoutError } from '../errors';
import { MAX_TIMER_MS } from '../timer-limit';

const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

/** Atomics.waitAsync (ES2024; V8 ships it in every Node the runbook supports), typed here for ES2022. */
type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
  timeoutMs?: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Atomics.wait and waitAsync take any timeout from 0 up; Infinity waits for good. */
const TIMEOUT_MS = { min: 0 };

export class SharedMutex {
  /**
   * @param cells an Int32Array over a SharedArrayBuffer; `index` is the lock's slot, initially 0.
   * The same buffer and index in another thread name the same lock.
   */
  constructor(
    readonly cells: Int32Array,
    readonly index: number,
    readonly name = 'shared mutex',
  ) {
    if (!(cells.buffer instanceof SharedArrayBuffer)) throw new TypeError('Expected `cells` over a SharedArrayBuffer');
    if (!Number.isInteger(index) || index < 0 || index >= cells.length)
      throw new RangeError(
        `Expected \`index\` to be a whole number inside \`cells\` (${cells.length} long), got ${index}`,
      );
  }

  /**
   * Block this thread until the lock is ours. Atomics.wait is refused on a browser's main thread but
   * allowed in Node, where it stalls the event loop — take shared locks in workers.
   * @throws LockTimeoutError after `timeoutMs`.
   */
  lock(timeoutMs = Infinity): void {
    checkMs('timeoutMs', timeoutMs, TIMEOUT_MS);
    const { cells, index } = this;
    if (Atomics.compareExchange(cells, index, FREE, HELD) === FREE) return; // fast path: uncontended
    const deadline = performance.now() + timeoutMs;
    // Announce a sleeper (2), then sleep while the lock stays held.
    while (Atomics.exchange(cells, index, CONTENDED) !== FREE) {
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(cells, index, CONTENDED, left) === 'timed-out') {
        if (Atomics.compareExchange(cells, index, FREE, CONTENDED) === FREE) return;
        throw this.timedOut(timeoutMs);
      }
    }
  }

  /**
   * Wait for the lock without blocking this thread: the same protocol as `lock`, sleeping in
   * Atomics.waitAsync, so the event loop runs timers, I/O and other tasks meanwhile. Safe on the
   * main thread. Not reentrant: a thread that holds the lock and asks again waits for itself.
   * @throws LockTimeoutError after `timeoutMs`.
   * @example await mutex.lockAsync(1_000); try { … } finally { mutex.unlock(); }
   */
  async lockAsync(timeoutMs = Infinity): Promise<void> {
    checkMs('timeoutMs', timeoutMs, TIMEOUT_MS);
    if (!waitAsync)
      throw new Error('Atomics.waitAsync is missing from this JavaScript engine (Node 16 and later have it)');
    const { cells, index } = this;
    if (Atomics.compareExchange(cells, index, FREE, HELD) === FREE) return;
    const deadline = performance.now() + timeoutMs;
    // A pending waitAsync does not keep Node's event loop alive; this timer does, until we are done.
    const keepAlive = setInterval(() => {}, MAX_TIMER_MS);
    try {
      while (Atomics.exchange(cells, index, CONTENDED) !== FREE) {
        const left = deadline - performance.now();
        // waitAsync's own timeout, not a timer of ours: a waiter given up on must leave V8's queue,
        // or the unlock's one wake-up could go to it and leave a real waiter asleep.
        const outcome = left <= 0 ? 'timed-out' : await waitAsync(cells, index, CONTENDED, left).value;
        if (outcome === 'timed-out') {
          if (Atomics.compareExchange(cells, index, FREE, CONTENDED) === FREE) return;
          throw this.timedOut(timeoutMs);
        }
      }
    } finally {
      clearInterval(keepAlive);
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

  /**
   * Run `fn` holding the lock taken with `lockAsync`; released in `finally`, also when `fn` rejects.
   * @example await mutex.withLockAsync(() => { cells[0] += 1; }, 1_000);
   */
  async withLockAsync<T>(fn: () => T | Promise<T>, timeoutMs?: number): Promise<T> {
    await this.lockAsync(timeoutMs);
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  private timedOut(timeoutMs: number): LockTimeoutError {
    return new LockTimeoutError(
      `could not acquire "${this.name}" within ${timeoutMs} ms (held elsewhere: a deadlock?)`,
    );
  }
}

/**
 * `Mutex`: the analogue of `threading.Lock` for async code. JavaScript never runs two lines at once
 * on one thread, but an `await` between reading and writing shared state lets other tasks in —
 * the lock keeps that whole section to one task at a time. Waiters are served in arrival order.
 */
import { checkMs } from '../check-range';
import { LIMITS } from '../limits';
import { startDeadline, type CancelDeadline } from '../measure/deadline';
import { LockTimeoutError } from '../errors';

export interface AcquireOptions {
  /** Give up after this long with a LockTimeoutError (the way to turn a deadlock into an error). */
  timeoutMs?: number;
}

/** Gives the lock back; calling it twice is an error (it would unlock someone else's section). */
export type Release = () => void;

interface Waiter {
  grant(): void;
}

export class Mutex {
  private held = false;
  private readonly waiters: Waiter[] = [];

  /** @param name shown in timeout errors, e.g. `'accounts'`. */
  constructor(readonly name = 'mutex') {}

  get isLocked(): boolean {
    return this.held;
  }

  /**
   * Wait for the lock; resolves with its release function.
   * @example const release = await mutex.acquire({ timeoutMs: 1000 }); try { … } finally { release(); }
   */
  acquire({ timeoutMs }: AcquireOptions = {}): Promise<Release> {
    if (timeoutMs !== undefined) checkMs('timeoutMs', timeoutMs, LIMITS.timerMs);
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      let cancelTimeout: CancelDeadline | undefined;
      const waiter: Waiter = {
        grant: () => {
          cancelTimeout?.();
          resolve(this.releaser());
        },
      };
      if (timeoutMs !== undefined) {
        cancelTimeout = startDeadline(timeoutMs, () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(
            new LockTimeoutError(
              `could not acquire "${this.name}" within ${timeoutMs} ms (held elsewhere: a deadlock?)`,
            ),
          );
        });
      }
      this.waiters.push(waiter);
    });
  }

  /**
   * Run `fn` holding the lock, released in `finally` whatever `fn` does.
   * @example await mutex.runExclusive(async () => { const v = counter; await io(); counter = v + 1; });
   */
  async runExclusive<T>(fn: () => T | Promise<T>, options?: AcquireOptions): Promise<T> {
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) throw new Error(`"${this.name}" released twice`);
      released = true;
      const next = this.waiters.shift();
      // Hand the lock straight to the next waiter: nobody can slip in between.
      if (next) next.grant();
      else this.held = false;
    };
  }
}

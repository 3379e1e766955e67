/** The waiting stand-in: a timer in place of a network reply, using no CPU while it waits. */
import { AbortError } from '../errors';
import { checkMs } from '../check-range';
import { LIMITS } from '../limits';

/**
 * Resolve after `ms` milliseconds (0 up to 2³¹ − 1, what a timer holds) without using the CPU: a
 * stand-in for waiting on I/O.
 * @param signal rejects the wait at once with an `AbortError` whose `cause` is the signal's reason.
 * @example await sleep(100);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    checkMs('ms', ms, LIMITS.timerMs); // thrown here, it rejects the promise
    if (signal?.aborted) return reject(AbortError.from(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(AbortError.from(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

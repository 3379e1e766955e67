/**
 * `startDeadline`: a timer that never fires before its time. Node's timers count whole milliseconds of
 * a clock read at the start of the loop's turn, so `setTimeout(fn, 300)` can run when
 * `performance.now()` says only 299.9 ms have passed; a timeout that promises "after 300 ms" checks.
 */
import { MAX_TIMER_MS } from '../timer-limit';

/** Cancels a deadline that has not fired yet; harmless after it fired. */
export type CancelDeadline = () => void;

/**
 * Call `onExpire` once at least `ms` milliseconds have passed by `performance.now()` (and, when the
 * first timer fired early, up to about a millisecond after).
 * @param ms a number from 0 up (the caller checks its own option and names it); past what one timer holds,
 *   the wait is made of several timers, and `Infinity` never expires
 * @returns a function that cancels the deadline
 * @example const cancel = startDeadline(300, () => controller.abort()); try { … } finally { cancel(); }
 */
export function startDeadline(ms: number, onExpire: () => void): CancelDeadline {
  if (!(ms >= 0)) throw new RangeError(`Expected a deadline of 0 ms or more, got ${ms}`);
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const check = () => {
    const leftMs = due - performance.now();
    // Re-armed, a timer waits at least a whole millisecond. Polling the rest instead would be closer,
    // but a server that polls takes CPU from the client it serves: measured slower on two cores.
    if (leftMs > 0) timer = setTimeout(check, Math.min(leftMs, MAX_TIMER_MS));
    else onExpire();
  };
  timer = setTimeout(check, Math.min(ms, MAX_TIMER_MS));
  return () => clearTimeout(timer);
}

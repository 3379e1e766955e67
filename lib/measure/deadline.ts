/**
 * `startDeadline`: a timer that never fires before its time by `performance.now()`, and with
 * `precise`, only a fraction of a millisecond after. Node's timers count whole milliseconds of the
 * loop's clock, so `setTimeout(fn, 300)` can run when only 299.1 ms have passed, and a second timer
 * for the last fraction waits at least one more whole millisecond: 300.9 ms, not 300.
 */
import { MAX_TIMER_MS } from '../timer-limit';

/** Cancels a deadline that has not fired yet; harmless after it fired. */
export type CancelDeadline = () => void;

export interface DeadlineOptions {
  /** When the wait began, by `performance.now()` (default: now), e.g. a request's arrival. */
  fromMs?: number;
  /**
   * Poll the last millisecond or so with `setImmediate` instead of waiting it out with a timer:
   * within a fraction of a millisecond after the deadline instead of up to about one, for about that
   * much CPU per deadline (the loop turns meanwhile, it does not block). Worth it in a process that
   * only waits, such as the latency server's; a waste where the waiting shares a thread with work.
   * Default false.
   */
  precise?: boolean;
}

/**
 * How far before the deadline a precise deadline's last timer aims. A timer of `n` ms wakes its loop
 * a little after `n` ms (the kernel's timer slack, a busy turn, a virtual CPU that was asleep), and at
 * times up to a millisecond before (the loop's clock counts whole milliseconds): aimed this far ahead,
 * it wakes before the deadline nearly always, and the rest is polled.
 */
const WAKE_MARGIN_MS = 0.3;

/**
 * Call `onExpire` once `ms` milliseconds have passed since `fromMs` by `performance.now()`, never
 * earlier: after a timer that fired early, either another timer (up to about a millisecond late) or,
 * with `precise`, polling to the deadline.
 * @param ms a number from 0 up (the caller checks its own option and names it); past what one timer holds,
 *   the wait is made of several timers, and `Infinity` never expires
 * @returns a function that cancels the deadline
 * @example const cancel = startDeadline(300, () => controller.abort()); try { … } finally { cancel(); }
 * @example startDeadline(100, answer, { fromMs: arrivedMs, precise: true })
 */
export function startDeadline(
  ms: number,
  onExpire: () => void,
  { fromMs = performance.now(), precise = false }: DeadlineOptions = {},
): CancelDeadline {
  if (!(ms >= 0)) throw new RangeError(`Expected a deadline of 0 ms or more, got ${ms}`);
  if (!Number.isFinite(fromMs))
    throw new RangeError(`Expected \`fromMs\` to be a time by performance.now(), got ${fromMs}`);
  const due = fromMs + ms;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Immediate | undefined;
  const wait = (leftMs: number) => {
    if (!precise) return void (timer = setTimeout(check, Math.min(Math.max(leftMs, 0), MAX_TIMER_MS)));
    const wholeMs = Math.floor(leftMs - WAKE_MARGIN_MS);
    if (wholeMs >= 1) timer = setTimeout(check, Math.min(wholeMs, MAX_TIMER_MS));
    else poll = setImmediate(check);
  };
  const check = () => {
    const leftMs = due - performance.now();
    if (leftMs <= 0) onExpire();
    else wait(leftMs);
  };
  // Never called back synchronously, even for 0 ms: the caller may still be setting up.
  wait(due - performance.now());
  return () => {
    clearTimeout(timer);
    clearImmediate(poll);
  };
}

/**
 * `startDeadline`: a timer that never fires before its time. Node's timers count whole milliseconds of
 * a clock read at the start of the loop's turn, so `setTimeout(fn, 300)` can run when
 * `performance.now()` says only 299.9 ms have passed; a timeout that promises "after 300 ms" checks.
 */

/** Cancels a deadline that has not fired yet; harmless after it fired. */
export type CancelDeadline = () => void;

/**
 * Call `onExpire` once at least `ms` milliseconds have passed by `performance.now()`, and at most a
 * turn of the event loop later.
 * @param ms a finite number from 0 up (the caller checks its own option and names it)
 * @returns a function that cancels the deadline
 * @example const cancel = startDeadline(300, () => controller.abort()); try { … } finally { cancel(); }
 */
export function startDeadline(ms: number, onExpire: () => void): CancelDeadline {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const check = () => {
    const leftMs = due - performance.now();
    if (leftMs <= 0) onExpire();
    else if (leftMs >= 1) timer = setTimeout(check, leftMs);
    // Under a millisecond a timer would wait a whole one: poll once per loop turn instead (I/O goes on).
    else immediate = setImmediate(check);
  };
  timer = setTimeout(check, ms);
  return () => {
    clearTimeout(timer);
    clearImmediate(immediate);
  };
}

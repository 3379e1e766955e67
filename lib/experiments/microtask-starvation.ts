/**
 * `await` is not a yield to the event loop. Awaiting a settled value (`await null`, a resolved promise)
 * only queues a microtask, and V8 runs every queued microtask, including the ones they queue, before
 * Node goes back to its event loop for timers and I/O: a loop of such awaits holds a timer back as
 * surely as a loop with no await at all. Awaiting a macrotask (`setImmediate`) lets the loop turn.
 */
import { checkOneOf } from '../check-choice';
import { checkMs } from '../check-range';
import { LIMITS } from '../limits';

/** What the loop awaits each time round: a microtask or a macrotask. */
export const AWAIT_KINDS = ['await null', 'await setImmediate'] as const;
export type AwaitKind = (typeof AWAIT_KINDS)[number];

/** One run of `timerDuringAwaitLoop`; times in ms after the loop started. */
export interface AwaitLoopRun {
  awaitWith: AwaitKind;
  /** How many times the loop awaited. */
  awaits: number;
  loopEndMs: number;
  timerDueMs: number;
  timerFiredMs: number;
  /** Whether the timer ran while the loop was still going. */
  firedDuringLoop: boolean;
}

/**
 * Start a `timerMs` timer, then await `awaitWith` over and over for `loopMs` by the clock, and see when
 * the timer ran. The loop holds the thread for `loopMs` either way; what differs is whether anything
 * else gets a turn. Resolves once the timer has run (nothing is left pending).
 * @example const run = await timerDuringAwaitLoop({ awaitWith: 'await null', loopMs: 100 });
 * // run.timerFiredMs ≥ run.loopEndMs: the 5 ms timer waited for the whole loop
 */
export async function timerDuringAwaitLoop({
  awaitWith,
  loopMs = 100,
  timerMs = 5,
}: {
  awaitWith: AwaitKind;
  loopMs?: number;
  timerMs?: number;
}): Promise<AwaitLoopRun> {
  checkOneOf('awaitWith', awaitWith, AWAIT_KINDS);
  checkMs('loopMs', loopMs, LIMITS.blockMs);
  if (!(timerMs >= 0 && timerMs < loopMs))
    throw new RangeError(
      `Expected \`timerMs\` to be a number of milliseconds from 0 to below \`loopMs\` (${loopMs}), got ${timerMs}`,
    );
  // Start on a fresh turn of the event loop: a timer counts from the loop's cached clock, which a
  // long stretch of code before this call (microtasks included) leaves behind. That clock counts
  // whole milliseconds, so a timer may run up to 1 ms before `timerMs` by performance.now().
  await new Promise<void>((resolve) => setImmediate(resolve));
  const started = performance.now();
  let timerFiredMs = Infinity;
  const timer = new Promise<void>((resolve) =>
    setTimeout(() => {
      timerFiredMs = performance.now() - started;
      resolve();
    }, timerMs),
  );
  const pause = awaitWith === 'await null' ? () => null : () => new Promise<void>((resolve) => setImmediate(resolve));
  let awaits = 0;
  while (performance.now() - started < loopMs) {
    await pause();
    awaits++;
  }
  const loopEndMs = performance.now() - started;
  await timer;
  return { awaitWith, awaits, loopEndMs, timerDueMs: timerMs, timerFiredMs, firedDuringLoop: timerFiredMs < loopEndMs };
}

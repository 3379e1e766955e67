import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDeadline } from '../lib/measure/deadline';

test('fires only once performance.now() says the time has passed, never earlier', async () => {
  // setTimeout alone fires early now and then (its clock is whole milliseconds); 300 fractional
  // deadlines make that near certain, so this fails without the re-check.
  const early: number[] = [];
  await Promise.all(Array.from({ length: 300 }, (_, index) => new Promise<void>((resolve) => {
    const ms = 1 + (index % 37) * 0.37;
    const started = performance.now();
    startDeadline(ms, () => {
      const took = performance.now() - started;
      if (took < ms) early.push(ms - took);
      resolve();
    });
  })));
  assert.equal(early, [], `${early.length} deadlines fired early`);
});

test('a cancelled deadline never fires', async () => {
  let fired = 0;
  const cancelNow = startDeadline(5, () => fired++);
  cancelNow();
  // Cancelled by a timer due first: Node runs expired timers in order of their due time, so even a
  // loop stalled past both runs the cancel first.
  const cancelLater = startDeadline(60, () => fired++);
  setTimeout(cancelLater, 30);
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.is(fired, 0);
});

test('a deadline past what one timer holds waits in several timers, and never fires early', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  let fired = false;
  const cancelLong = startDeadline(3e9, () => { fired = true; });
  const cancelNever = startDeadline(Infinity, () => { fired = true; });
  await new Promise((resolve) => setTimeout(resolve, 50));
  cancelLong();
  cancelNever();
  process.off('warning', onWarning);
  assert.not.ok(fired, 'a deadline 35 days away fired within 50 ms');
  assert.equal(warnings, []);
  assert.throws(() => startDeadline(NaN, () => {}), /0 ms or more/);
});

test.run();

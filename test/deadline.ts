import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDeadline } from '../lib/measure/deadline';
import { until } from './helpers/assert';

test('fires only once performance.now() says the time has passed, never earlier, precise or not', async () => {
  // setTimeout alone fires early now and then (its clock is whole milliseconds); 300 fractional
  // deadlines make that near certain, so this fails without the re-check.
  for (const precise of [false, true]) {
    const early: number[] = [];
    await Promise.all(
      Array.from(
        { length: 300 },
        (_, index) =>
          new Promise<void>((resolve) => {
            const ms = 1 + (index % 37) * 0.37;
            const started = performance.now();
            startDeadline(
              ms,
              () => {
                const took = performance.now() - started;
                if (took < ms) early.push(ms - took);
                resolve();
              },
              { precise },
            );
          }),
      ),
    );
    assert.equal(early, [], `${early.length} deadlines fired early (precise: ${precise})`);
  }
});

test('precise: the last fraction of a ms is polled; each timer it arms waits whole ms, at least one', async () => {
  // Node waits whole milliseconds (a timer for 0.4 ms waits 1): a sub-millisecond timer for the
  // rest of a deadline overshoots it.
  const timerDelays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms: number) => {
    timerDelays.push(ms);
    return realSetTimeout(callback, ms);
  }) as typeof setTimeout;
  try {
    await Promise.all(
      Array.from(
        { length: 60 },
        (_, index) =>
          new Promise<void>((resolve) => startDeadline(1 + (index % 13) * 0.29, resolve, { precise: true })),
      ),
    );
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  assert.ok(timerDelays.length > 0, 'timers wait the whole milliseconds');
  assert.equal(
    timerDelays.filter((ms) => !(Number.isInteger(ms) && ms >= 1)),
    [],
  );
});

test('never calls back synchronously, even at 0 ms; counts from `fromMs` when given', async () => {
  for (const precise of [false, true]) {
    let fired = false;
    startDeadline(
      0,
      () => {
        fired = true;
      },
      { precise },
    );
    assert.not.ok(fired, `fired within startDeadline (precise: ${precise})`);
    assert.ok(await until(() => fired), `never fired (precise: ${precise})`);
  }
  // Started 50 ms ago: due in 10 ms, well before a plain 40 ms timer started now.
  const fromMs = performance.now() - 50;
  const order: string[] = [];
  await new Promise<void>((resolve) => {
    startDeadline(
      60,
      () => {
        assert.ok(performance.now() - fromMs >= 60, 'fired before its time from fromMs');
        order.push('deadline');
      },
      { fromMs },
    );
    setTimeout(() => {
      order.push('plain 40 ms timer');
      resolve();
    }, 40);
  });
  assert.equal(order, ['deadline', 'plain 40 ms timer']);
  assert.throws(() => startDeadline(5, () => {}, { fromMs: NaN }), /`fromMs` to be a time by performance.now\(\)/);
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
  const cancelLong = startDeadline(3e9, () => {
    fired = true;
  });
  const cancelNever = startDeadline(Infinity, () => {
    fired = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  cancelLong();
  cancelNever();
  process.off('warning', onWarning);
  assert.not.ok(fired, 'a deadline 35 days away fired within 50 ms');
  assert.equal(warnings, []);
  assert.throws(() => startDeadline(NaN, () => {}), /0 ms or more/);
});

test.run();

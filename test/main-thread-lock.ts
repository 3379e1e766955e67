import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareLockWaits, lockWaitOnMainThread, runningCount } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test("waiting in lock() stops the main thread's timers for the whole wait; lockAsync() lets them fire", async () => {
  const before = runningCount();
  const [blocking, waiting] = await compareLockWaits({ holdMs: 150, tickMs: 10 });
  assert.equal([blocking.how, waiting.how], ['lock', 'lockAsync']);
  // Blocked in Atomics.wait, the event loop cannot run a timer: none fires until the lock is ours.
  assert.is(blocking.ticksWhileWaiting, 0);
  assert.ok(blocking.longestSilenceMs >= blocking.waitedMs, 'the silence spans the whole wait');
  assert.ok(waiting.ticksWhileWaiting >= 1, 'the timer fired while lockAsync waited');
  assert.ok(waiting.longestSilenceMs < waiting.waitedMs, 'no silence as long as the wait');
  for (const row of [blocking, waiting]) assert.is(row.ticksDue, Math.floor(row.waitedMs / 10));
  assert.is(runningCount(), before, 'the holder is no longer registered');
});

test('bad options are refused by name; no worker left behind', async () => {
  await rejects(lockWaitOnMainThread({ how: 'spin' as never }), /`how`/);
  await rejects(lockWaitOnMainThread({ how: 'lock', holdMs: 0 }), /`holdMs`/);
  await rejects(lockWaitOnMainThread({ how: 'lock', holdMs: 50, tickMs: 100 }), /`tickMs`/);
  await noThreadLeft();
});

test.run();

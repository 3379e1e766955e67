import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timerDuringAwaitLoop } from '../lib';
import { rejects } from './helpers/assert';

test('a loop of `await null` holds a due timer till it ends; `await setImmediate` lets it run meanwhile', async () => {
  const microtasks = await timerDuringAwaitLoop({ awaitWith: 'await null', loopMs: 60 });
  const macrotasks = await timerDuringAwaitLoop({ awaitWith: 'await setImmediate', loopMs: 60 });
  assert.ok(microtasks.awaits > 0 && macrotasks.awaits > 0, 'both loops awaited');
  // By the event loop's rules, not by timing: microtasks all run before Node looks at its timers.
  assert.not.ok(
    microtasks.firedDuringLoop,
    `await null: the timer ran at ${microtasks.timerFiredMs} ms, the loop ended at ${microtasks.loopEndMs} ms`,
  );
  assert.ok(microtasks.timerFiredMs >= microtasks.loopEndMs);
  assert.ok(
    macrotasks.firedDuringLoop,
    `await setImmediate: the timer ran at ${macrotasks.timerFiredMs} ms, the loop ended at ${macrotasks.loopEndMs} ms`,
  );
});

test('bad arguments name themselves', async () => {
  await rejects(
    timerDuringAwaitLoop({ awaitWith: 'await nothing' as 'await null' }),
    /`awaitWith` to be one of "await null", "await setImmediate"/,
  );
  await rejects(timerDuringAwaitLoop({ awaitWith: 'await null', loopMs: 0 }), /`loopMs`/);
  await rejects(timerDuringAwaitLoop({ awaitWith: 'await null', loopMs: 50, timerMs: 50 }), /`timerMs`/);
});

test.run();

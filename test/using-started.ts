/** usingStarted: fn gets what was started, which is stopped afterwards whatever fn did. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { usingStarted } from '../lib/using-started';
import { rejects } from './helpers/assert';

/** A resource that records what happened to it, in order. */
function recorder(events: string[]) {
  return {
    close: async () => {
      events.push('closed');
    },
    terminate: async () => {
      events.push('terminated');
    },
  };
}

test('passes fn its result through, and closes what was started once fn has finished', async () => {
  const events: string[] = [];
  const result = await usingStarted(Promise.resolve(recorder(events)), async () => {
    events.push('fn');
    return 42;
  });
  assert.is(result, 42);
  assert.equal(events, ['fn', 'closed']);
});

test("closes it when fn throws, and rejects with fn's error", async () => {
  const events: string[] = [];
  await rejects(
    usingStarted(Promise.resolve(recorder(events)), async () => {
      throw new Error('cell failed');
    }),
    /cell failed/,
  );
  assert.equal(events, ['closed']);
});

test('stops with the given stop instead of close: a pool terminates', async () => {
  const events: string[] = [];
  await usingStarted(
    Promise.resolve(recorder(events)),
    async () => {},
    (pool) => pool.terminate(),
  );
  assert.equal(events, ['terminated']);
});

test('a start that fails rejects with its error, and fn never runs', async () => {
  let ran = false;
  await rejects(
    usingStarted(Promise.reject(new Error('no port')), async () => {
      ran = true;
    }),
    /no port/,
  );
  assert.not.ok(ran);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asyncCounterRace, deadlockDemo, LockTimeoutError } from '../lib';
import { rejects } from './helpers/assert';

test('async read → await → write loses every update but one, on every run', async () => {
  for (let run = 0; run < 10; run++) {
    const result = await asyncCounterRace({ tasks: 50, lock: false });
    assert.equal([result.expected, result.actual, result.lost], [50, 1, 49]);
  }
});

test('the Mutex makes the same section lose nothing over 100 runs', async () => {
  for (let run = 0; run < 100; run++) {
    const result = await asyncCounterRace({ tasks: 20, rounds: 3, lock: true });
    assert.is(result.lost, 0);
    assert.is(result.actual, 60);
  }
});

test('the deadlock demo ends with a LockTimeoutError instead of hanging', async () => {
  const started = performance.now();
  await rejects(deadlockDemo({ timeoutMs: 100 }), LockTimeoutError);
  assert.ok(performance.now() - started < 1000);
});

test('bad race inputs name the problem', async () => {
  await rejects(asyncCounterRace({ tasks: 0, lock: false }), /`tasks`/);
  await rejects(asyncCounterRace({ tasks: 1, lock: false, rounds: 0 }), /`rounds`/);
});

test.run();

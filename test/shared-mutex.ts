import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LockTimeoutError, lockstepCounterRace, SharedMutex } from '../lib';

test('SharedMutex: a held lock times out with LockTimeoutError; unlocking a free lock is an error', () => {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const mutex = new SharedMutex(cells, 1, 'slot');
  mutex.lock();
  assert.throws(() => mutex.lock(30), (error: Error) => error instanceof LockTimeoutError && /"slot"/.test(error.message));
  mutex.unlock();
  assert.throws(() => mutex.unlock(), /unlocked while free/);
  assert.is(mutex.withLock(() => 42), 42);
  assert.throws(() => new SharedMutex(new Int32Array(2), 0), /SharedArrayBuffer/);
});

test('SharedMutex keeps a forced read → write interleaving from losing anything, where no lock loses every round', async () => {
  const plain = await lockstepCounterRace({ mode: 'plain', rounds: 20 });
  assert.equal([plain.expected, plain.actual, plain.lost], [40, 20, 20]);
  const locked = await lockstepCounterRace({ mode: 'mutex', rounds: 20, slipInMs: 2 });
  assert.equal([locked.expected, locked.actual, locked.lost], [40, 40, 0]);
});

test.run();

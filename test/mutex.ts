import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LockTimeoutError, Mutex } from '../lib';
import { rejects } from './helpers/assert';

test('Mutex: waiters served in order; release in finally; double release and bad timeouts refused', async () => {
  const mutex = new Mutex('order');
  const order: number[] = [];
  await Promise.all(
    [3, 1, 2].map((label, index) =>
      mutex.runExclusive(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5 * (3 - index)));
        order.push(label);
      }),
    ),
  );
  assert.equal(order, [3, 1, 2]);
  await rejects(
    mutex.runExclusive(() => {
      throw new Error('inside');
    }),
    /inside/,
  );
  assert.is(mutex.isLocked, false, 'released after a throw');
  const release = await mutex.acquire();
  release();
  assert.throws(() => release(), /released twice/);
  assert.throws(() => mutex.acquire({ timeoutMs: -1 }), /`timeoutMs`/);
});

test('Mutex: a timed-out waiter gets LockTimeoutError and leaves the queue', async () => {
  const mutex = new Mutex('held');
  const release = await mutex.acquire();
  const started = performance.now();
  const error = await rejects(mutex.acquire({ timeoutMs: 50 }), LockTimeoutError);
  assert.ok(performance.now() - started >= 49);
  assert.match(error.message, '"held"');
  release();
  assert.is(mutex.isLocked, false, 'the timed-out waiter did not get the lock later');
});

test('Mutex: a waiter is granted the lock straight from the releaser, so nobody slips in between', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  const waiting = mutex.acquire();
  release();
  // The lock went to the waiter at release: a newcomer has to queue, not take it.
  assert.is(mutex.isLocked, true);
  let newcomerGotIt = false;
  const newcomer = mutex.acquire().then((releaseNewcomer) => {
    newcomerGotIt = true;
    return releaseNewcomer;
  });
  (await waiting)();
  (await newcomer)();
  assert.ok(newcomerGotIt);
  assert.is(mutex.isLocked, false);
});

test.run();

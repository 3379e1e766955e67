import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism } from 'node:os';
import { asyncCounterRace, deadlockDemo, LockTimeoutError, Mutex, SharedMutex, sharedCounterRace } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';
import { runbook } from './helpers/cli';

const noThreadLeft = threadBaseline();

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

test('Mutex: waiters served in order; release in finally; double release and bad timeouts refused', async () => {
  const mutex = new Mutex('order');
  const order: number[] = [];
  await Promise.all([3, 1, 2].map((label, index) => mutex.runExclusive(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5 * (3 - index)));
    order.push(label);
  })));
  assert.equal(order, [3, 1, 2]);
  await rejects(mutex.runExclusive(() => { throw new Error('inside'); }), /inside/);
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

test('the deadlock demo ends with a LockTimeoutError instead of hanging', async () => {
  const started = performance.now();
  await rejects(deadlockDemo({ timeoutMs: 100 }), LockTimeoutError);
  assert.ok(performance.now() - started < 1000);
});

test('plain increments on a SharedArrayBuffer from two threads lose updates', async () => {
  assert.ok(availableParallelism() >= 2, 'this race needs two cores to run the threads at once');
  for (let run = 0; run < 5; run++) {
    // Ten million each: long enough that both threads overlap even on a loaded machine.
    const result = await sharedCounterRace({ workers: 2, increments: 10_000_000, mode: 'plain' });
    assert.ok(result.lost > 0, `run ${run}: nothing lost`);
    assert.is(result.actual + result.lost, 20_000_000);
  }
});

test('Atomics.add and the SharedMutex lose nothing over 100 runs each', async () => {
  for (const mode of ['atomics', 'mutex'] as const) {
    for (let run = 0; run < 100; run++) {
      const result = await sharedCounterRace({ workers: 2, increments: 20_000, mode });
      assert.is(result.lost, 0, `${mode} run ${run}`);
    }
  }
  const batched = await sharedCounterRace({ workers: 3, increments: 10_001, mode: 'mutex', batch: 100 });
  assert.is(batched.actual, 30_003);
});

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

test('bad race inputs name the problem', async () => {
  await rejects(asyncCounterRace({ tasks: 0, lock: false }), /`tasks`/);
  await rejects(sharedCounterRace({ mode: 'sloppy' as never }), /`mode`/);
  await rejects(sharedCounterRace({ mode: 'plain', workers: 0 }), /`workers`/);
  await rejects(sharedCounterRace({ mode: 'plain', increments: 2 ** 31 }), /`increments`/);
  await rejects(sharedCounterRace({ mode: 'plain', batch: 10 }), /`batch`/);
});

test('runbook race --json, and its bad arguments', () => {
  const { status, stdout } = runbook('race', '--mode', 'atomics', '--increments', '5000', '--json');
  assert.is(status, 0);
  assert.equal(JSON.parse(stdout), { ...JSON.parse(stdout), mode: 'atomics', expected: 10_000, actual: 10_000, lost: 0 });
  const plainAsync = JSON.parse(runbook('race', '--mode', 'async', '--workers', '4', '--increments', '10', '--json').stdout);
  assert.equal([plainAsync.expected, plainAsync.lost], [40, 30]);
  for (const [args, message] of [[['--mode', 'sloppy'], '--mode expects'], [['--workers', '0'], '--workers expects'], [['--increments', 'lots'], '--increments expects']] as Array<[string[], string]>) {
    const result = runbook('race', ...args);
    assert.is(result.status, 2);
    assert.match(result.stderr, message);
  }
});

test('no worker thread is left behind', async () => {
  await noThreadLeft();
});

test.run();

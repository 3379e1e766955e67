import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { compiledFile, LockTimeoutError, lockstepCounterRace, SharedMutex } from '../lib';
import { rejects, within } from './helpers/assert';

const newMutex = (name = 'slot') => new SharedMutex(new Int32Array(new SharedArrayBuffer(8)), 1, name);

test('SharedMutex: a held lock times out with LockTimeoutError; unlocking a free lock is an error', () => {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const mutex = new SharedMutex(cells, 1, 'slot');
  mutex.lock();
  assert.throws(
    () => mutex.lock(30),
    (error: Error) => error instanceof LockTimeoutError && /"slot"/.test(error.message),
  );
  mutex.unlock();
  assert.throws(() => mutex.unlock(), /unlocked while free/);
  assert.is(
    mutex.withLock(() => 42),
    42,
  );
  assert.throws(() => new SharedMutex(new Int32Array(2), 0), /SharedArrayBuffer/);
});

test('SharedMutex keeps a forced read → write interleaving from any loss; no lock loses every round', async () => {
  const plain = await lockstepCounterRace({ mode: 'plain', rounds: 20 });
  assert.equal([plain.expected, plain.actual, plain.lost], [40, 20, 20]);
  const locked = await lockstepCounterRace({ mode: 'mutex', rounds: 20, slipInMs: 2 });
  assert.equal([locked.expected, locked.actual, locked.lost], [40, 40, 0]);
});

test('lockAsync waits without blocking its thread: a timer on that thread releases the lock it waits for', async () => {
  const mutex = newMutex();
  await mutex.lockAsync(); // free: taken at once
  // Only a thread whose event loop runs can fire this timer: a blocking wait would time out instead.
  setTimeout(() => mutex.unlock(), 50);
  await mutex.lockAsync(5_000);
  assert.is.not(Atomics.load(mutex.cells, 1), 0, 'held by the waiter now');
  mutex.unlock();
  assert.is(await mutex.withLockAsync(async () => 'inside'), 'inside');
  await rejects(
    mutex.withLockAsync(() => {
      throw new Error('thrown inside');
    }),
    /thrown inside/,
  );
  assert.is(Atomics.load(mutex.cells, 1), 0, 'released after a throw');
});

test('lockAsync times out with LockTimeoutError; a waiter that gave up does not take the next wake-up', async () => {
  const mutex = newMutex('busy');
  mutex.lock();
  const error = await rejects(mutex.lockAsync(30), LockTimeoutError);
  assert.match(error.message, '"busy"');
  // A long timeout: only the unlock's wake-up, not its own deadline, can get it the lock in time.
  const patient = mutex.lockAsync(10_000);
  mutex.unlock(); // wakes one waiter: it must be the one still waiting
  await within(patient, 2_000, 'the waiter still waiting');
  mutex.unlock();
  assert.is(Atomics.load(mutex.cells, 1), 0);
});

test('a process waiting in lockAsync stays alive until it has the lock', () => {
  // The holder is an unref'd worker: nothing but the waiting lock keeps this process running.
  const script = `
    const { Worker } = require('node:worker_threads');
    const { SharedMutex } = require(${JSON.stringify(compiledFile('sync/shared-mutex'))});
    const mutex = new SharedMutex(new Int32Array(new SharedArrayBuffer(4)), 0);
    mutex.lock();
    new Worker('const { workerData } = require("node:worker_threads"); ' +
      'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); ' +
      'Atomics.store(workerData, 0, 0); Atomics.notify(workerData, 0);',
      { eval: true, workerData: mutex.cells }).unref();
    mutex.lockAsync(5000).then(() => console.log('acquired'), (error) => console.log(error.name));`;
  const { stdout, status } = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.is(status, 0);
  assert.is(stdout.trim(), 'acquired');
});

test('bad timeouts are refused by name', async () => {
  const mutex = newMutex();
  assert.throws(() => mutex.lock(-1), /`timeoutMs`/);
  await rejects(mutex.lockAsync(Number.NaN), /`timeoutMs`/);
  assert.is(Atomics.load(mutex.cells, 1), 0, 'nothing taken');
});

test.run();

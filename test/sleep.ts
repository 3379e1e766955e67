import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortError, sleep, spinFor, spinWork, workRate } from '../lib';
import { openBaseline, rejects } from './helpers/assert';

test('sleep waits at least its time and uses no CPU while waiting', async () => {
  // process.cpuUsage counts V8's helper threads too: run alone, this file is first, and they still
  // compile and collect what loading the lib left (78 ms measured). One unmeasured sleep lets them finish.
  await sleep(200);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await sleep(50);
  assert.ok(performance.now() - started >= 49);
  const used = process.cpuUsage(cpu);
  assert.ok((used.user + used.system) / 1000 < 25, `${(used.user + used.system) / 1000} ms of CPU`);
});

test('an abort rejects with AbortError, its reason as the cause, and leaves no timer behind', async () => {
  // Counted against the timers open before: uvu runs every file in one process, and CI once saw one
  // left for a moment by an earlier file.
  const noTimerLeft = openBaseline(/^Timeout$/);
  const controller = new AbortController();
  const waiting = sleep(10_000, controller.signal);
  controller.abort('enough');
  const error = await rejects(waiting, AbortError);
  assert.is(error.cause, 'enough');
  const already = await rejects(sleep(10, AbortSignal.abort('before')), AbortError);
  assert.is(already.cause, 'before');
  await noTimerLeft();
});

test('spinWork does the same work whatever the clock says; spinFor holds the thread for its time', () => {
  assert.is(spinWork(1000), spinWork(1000));
  assert.not.equal(spinWork(1000), spinWork(1001));
  assert.ok(workRate() > 0);
  const started = performance.now();
  assert.ok(spinFor(20) > 0);
  assert.ok(performance.now() - started >= 20);
  assert.throws(() => spinWork(-1), /`iterations`/);
});

test('sleep refuses a wait no timer can hold, naming it', async () => {
  await rejects(sleep(3e9), /`ms` to be a number of milliseconds from 0 to 2147483647, got 3000000000/);
  await rejects(sleep(-1), /`ms`/);
});

test.run();

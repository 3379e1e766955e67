import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortError, mainThreadCpuMs, sleep, spinFor, spinWork, workRate } from '../lib';
import { openBaseline, rejects } from './helpers/assert';

test('sleep waits at least its time and its thread computes nothing meanwhile', async () => {
  // The main thread's own CPU time where Linux gives it: process.cpuUsage also counts V8's helper
  // threads, which in this suite's one process may still be collecting what earlier files left.
  const processCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const cpuMs = () => mainThreadCpuMs() ?? processCpuMs();
  await sleep(200); // elsewhere, the helper threads finish compiling what loading the lib left
  const started = performance.now();
  const before = cpuMs();
  await sleep(50);
  assert.ok(performance.now() - started >= 49);
  const used = cpuMs() - before;
  assert.ok(used < 25, `${used.toFixed(1)} ms of CPU`);
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

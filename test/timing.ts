import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkRuns,
  classifyCpuRatio,
  medianRun,
  measure,
  median,
  medianOf,
  medianProfile,
  profileTask,
  sleep,
  spinFor,
} from '../lib';
import { rejects } from './helpers/assert';
import type { TaskProfile } from '../lib';

const LIB = path.join(__dirname, '..', 'dist', 'lib');

test('median of odd and even lists; empty is an error', () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});

test('measure returns the result and a wall time at least the sleep', async () => {
  const { result, ms } = await measure(async () => {
    await sleep(30);
    return 'done';
  });
  assert.is(result, 'done');
  assert.ok(ms >= 29, `measured ${ms} ms`);
});

test('profileTask tells waiting from computing by CPU time', () => {
  // In a fresh Node: this suite's process carries every earlier file's leftovers (a large heap that V8's
  // helper threads may be collecting, children's output to read), and a sleep there once read as
  // computing. Load only lowers a waiting task's ratio; a computing one may get less than a core,
  // but always more than waiting.
  const script = `
    const { profileTask, sleep, spinFor } = require(${JSON.stringify(LIB)});
    (async () => {
      const waiting = await profileTask(() => sleep(150));
      const computing = await profileTask(() => spinFor(150));
      console.log(JSON.stringify({ waiting, computing }));
    })();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.is(run.status, 0, run.stderr);
  const { waiting, computing } = JSON.parse(run.stdout) as Record<string, TaskProfile<void>>;
  assert.is(waiting.kind, 'io-bound', `waiting: ${JSON.stringify(waiting)}`);
  assert.ok(computing.cpuRatio > waiting.cpuRatio, `computing ${computing.cpuRatio}, waiting ${waiting.cpuRatio}`);
});

test("profileTask: the main thread's own CPU time, at most the wall time and at most the process's", async () => {
  const spin = await profileTask(() => spinFor(100));
  assert.ok(spin.mainThreadCpuMs !== null, 'Linux gives each thread its schedstat');
  // schedstat counts nanoseconds; the wall clock is read around it, so the thread cannot have run longer.
  assert.ok(spin.mainThreadCpuMs <= spin.wallMs + 1, `main thread ${spin.mainThreadCpuMs} ms in ${spin.wallMs} ms`);
  assert.ok(spin.mainThreadCpuMs <= spin.cpuMs + 1, `main ${spin.mainThreadCpuMs} ms, process ${spin.cpuMs} ms`);
  // A worker's spin is the process's CPU, not the main thread's.
  const { Worker } = await import('node:worker_threads');
  const inWorker = await profileTask(
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker('const s = Date.now(); while (Date.now() - s < 150);', { eval: true });
        worker.once('exit', resolve);
        worker.once('error', reject);
      }),
  );
  assert.ok(
    inWorker.mainThreadCpuMs! < 0.5 * inWorker.cpuMs,
    `main ${inWorker.mainThreadCpuMs}, all ${inWorker.cpuMs}`,
  );
});

test('classifyCpuRatio: 0.7 and up computes, 0.3 and below waits, between is mixed', () => {
  assert.equal([0, 0.3, 0.31, 0.69, 0.7, 1.9].map(classifyCpuRatio), [
    'io-bound',
    'io-bound',
    'mixed',
    'mixed',
    'cpu-bound',
    'cpu-bound',
  ]);
});

test('medianOf runs the function the given number of times', async () => {
  let calls = 0;
  const { results } = await medianOf(3, () => ++calls);
  assert.equal(results, [1, 2, 3]);
  await rejects(
    medianOf(0, () => 1),
    RangeError,
  );
});

test('medianProfile keeps every result and the median wall and CPU times', async () => {
  let calls = 0;
  // Each run computes longer than the last: the CPU times differ, and the median is the middle one.
  const { wallMs, cpuMs, minCpuMs, maxCpuMs, results } = await medianProfile(3, () => {
    spinFor(20 * ++calls);
    return calls;
  });
  assert.equal(results, [1, 2, 3]);
  assert.ok(wallMs >= 39 && cpuMs > 0, `wall ${wallMs} ms, CPU ${cpuMs} ms`);
  assert.ok(minCpuMs < cpuMs && cpuMs < maxCpuMs, `CPU ${minCpuMs} < ${cpuMs} < ${maxCpuMs} ms`);
  await rejects(
    medianProfile(0, () => 1),
    /`runs`/,
  );
});

test('medianRun keeps the whole median run, the smallest and largest size; runs are checked by a bound', async () => {
  const sizes = [30, 10, 20];
  let call = 0;
  const { median, min, max } = await medianRun(
    3,
    async () => ({ call: call++, size: sizes[call - 1] }),
    (run) => run.size,
  );
  assert.equal([median, min, max], [{ call: 2, size: 20 }, 10, 30]);
  await rejects(
    medianRun(
      0,
      async () => 1,
      () => 1,
    ),
    /`runs` to be a whole number from 1 up/,
  );
  assert.throws(() => checkRuns(101, 100), /`runs` to be a whole number from 1 to 100/);
});

test.run();

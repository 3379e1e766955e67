import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { platform } from 'node:os';
import { spinFor, threadTimes, threadTimesSince, withWorkerPool, parallelMap } from '../lib';
import type { ThreadTimesSpent } from '../lib';

const linux = platform() === 'linux';

test('on Linux every thread of this process is read; elsewhere the snapshot is null', () => {
  const times = threadTimes();
  if (!linux) return assert.is(times, null);
  assert.ok(times?.has(String(process.pid)), 'the main thread is listed by its id, the process id');
});

// A thread that spins is on a core or waiting for one nearly the whole time, however busy the machine:
// its own CPU time and wait add up to most of the wall time it spun (not all: on a loaded machine it
// also blocks now and then while V8's helper threads, starved of a core, finish a garbage collection).
// Asleep, it computes next to nothing.
test("a spinning thread's CPU time and core wait add up to wall time; asleep, it computes almost nothing", async () => {
  if (!linux) return;
  const main = (spent: ThreadTimesSpent) =>
    spent.threads.find((thread) => thread.tid === String(process.pid)) ?? { cpuMs: 0, waitMs: 0 };
  const before = threadTimes()!;
  const started = performance.now();
  spinFor(200);
  const wallMs = performance.now() - started;
  const spun = main(threadTimesSince(before)!);
  assert.ok(
    spun.cpuMs + spun.waitMs >= 0.75 * wallMs,
    `cpu ${spun.cpuMs.toFixed(0)} + wait ${spun.waitMs.toFixed(0)} ms over ${wallMs.toFixed(0)} ms`,
  );
  const beforeSleep = threadTimes()!;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const slept = main(threadTimesSince(beforeSleep)!);
  // Woken by its timer, it may wait a while for a core on a busy machine: only its CPU time stays small.
  assert.ok(slept.cpuMs < 50, `asleep for 200 ms: cpu ${slept.cpuMs.toFixed(0)} ms`);
});

test('worker threads count: two workers spinning 200 ms each are two 200 ms threads; totals add them up', async () => {
  if (!linux) return;
  await withWorkerPool({ workers: 2 }, async (pool) => {
    await parallelMap([1, 1], 'spin', { pool, chunkSize: 1 });
    const before = threadTimes()!;
    await parallelMap([200, 200], 'spin', { pool, chunkSize: 1 });
    const spent = threadTimesSince(before)!;
    const busiest = spent.threads.map((thread) => thread.cpuMs + thread.waitMs).sort((a, b) => b - a);
    assert.ok(
      busiest[1] >= 0.75 * 200,
      `the two busiest threads: ${busiest.slice(0, 2).map((ms) => ms.toFixed(0))} ms`,
    );
    const sum = spent.threads.reduce((total, thread) => total + thread.cpuMs, 0);
    assert.ok(Math.abs(spent.cpuMs - sum) < 1e-6, "cpuMs is the threads' sum");
  });
});

test.run();

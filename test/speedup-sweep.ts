import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism, platform } from 'node:os';
import {
  defaultWorkerCounts,
  guideNumbers,
  idealSpeedup,
  MAX_SWEEP_THREADS,
  shortfallCause,
  speedupSweep,
} from '../lib';
import type { SpeedupRow } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('a row per worker count, over a one-worker pool in the same rounds: that row is 1× in every round', async () => {
  const { rows, mainThreadMs, rounds } = await speedupSweep({
    numbers: guideNumbers(4, 200_000),
    workerCounts: [1, 3],
    runs: 3,
  });
  assert.is(rounds, 3);
  assert.equal(
    rows.map((row) => [row.workers, row.idealSpeedup]),
    [
      [1, 1],
      // Four items on three workers: one of them computes two, so at most 2×.
      [3, Math.min(2, availableParallelism())],
    ],
  );
  // The baseline is the one-worker pool itself: its ratio to itself is exactly 1, round by round.
  assert.equal([rows[0].speedup, rows[0].slowestSpeedup, rows[0].fastestSpeedup], [1, 1, 1]);
  assert.ok(
    rows.every((row) => row.oneWorkerMs === rows[0].parallelMs),
    'every row has the one-worker median as its baseline',
  );
  for (const row of rows) {
    assert.ok(row.slowestSpeedup <= row.speedup && row.speedup <= row.fastestSpeedup);
    assert.ok(row.minMs <= row.parallelMs && row.parallelMs <= row.maxMs && row.startMs > 0);
  }
  assert.ok(mainThreadMs > 0);
  if (platform() === 'linux')
    assert.ok(
      rows.every((row) => row.cpuMs! > 0 && row.coreWaitMs! >= 0),
      'schedstat read on Linux',
    );
  await noThreadLeft();
});

test('the baseline pool is started even when 1 is not asked for, and goes with the others', async () => {
  const { rows } = await speedupSweep({ numbers: guideNumbers(2, 100_000), workerCounts: [2], runs: 1 });
  assert.equal(
    rows.map((row) => row.workers),
    [2],
  );
  assert.ok(rows[0].oneWorkerMs > 0);
  await noThreadLeft();
});

test('on child processes: the baseline is one process, and no thread times are claimed for them', async () => {
  const { rows } = await speedupSweep({
    numbers: guideNumbers(2, 100_000),
    workerCounts: [2],
    runs: 2,
    kind: 'processes',
  });
  assert.is(rows[0].workers, 2);
  assert.ok(rows[0].oneWorkerMs > 0 && rows[0].startMs > 0);
  // The workers are other processes: this process's schedstat says nothing about them.
  assert.equal([rows[0].cpuMs, rows[0].coreWaitMs], [null, null]);
  await noThreadLeft();
});

test('default counts: to 2× the cores on a small machine; doubling, cores, 2× them on a large one, up to 64', () => {
  assert.equal(defaultWorkerCounts(2), [1, 2, 3, 4]);
  assert.equal(defaultWorkerCounts(12), [1, 2, 4, 8, 12, 16, 24]);
  // Every pool of a sweep stays started: the defaults stay within the limit on 64 cores.
  assert.ok(defaultWorkerCounts(64).reduce((sum, count) => sum + count, 0) <= MAX_SWEEP_THREADS);
  // None above LIMITS.workers, which a sweep refuses.
  assert.equal(defaultWorkerCounts(64), [1, 2, 4, 8, 16, 32, 64]);
});

test('a shortfall is put down to what the threads did: waiting for a core, taking turns, or idle', () => {
  const row = (workers: number, cpuMs: number | null, coreWaitMs: number | null): SpeedupRow => ({
    workers,
    startMs: 30,
    parallelMs: 300,
    minMs: 290,
    maxMs: 310,
    oneWorkerMs: 500,
    speedup: 1.5,
    slowestSpeedup: 1.4,
    fastestSpeedup: 1.6,
    idealSpeedup: Math.min(workers, 2),
    cpuMs,
    coreWaitMs,
  });
  assert.match(
    shortfallCause(row(2, 500, 200), 2),
    /waited 200 ms for a core during a 300 ms map: something else had the cores/,
  );
  assert.match(shortfallCause(row(4, 500, 600), 2), /more workers than cores take turns/);
  assert.match(shortfallCause(row(2, 500, 10), 2), /computed 500 ms and sat idle about 90 ms of their 600/);
  assert.match(shortfallCause(row(2, null, null), 2), /another program/);
});

test('bad counts and runs are refused by name, before any pool starts', async () => {
  await rejects(speedupSweep({ numbers: [1], workerCounts: [] }), /`workerCounts` to list whole numbers from 1 to 64/);
  await rejects(speedupSweep({ numbers: [1], workerCounts: [0] }), /`workerCounts`/);
  await rejects(speedupSweep({ numbers: [1], workerCounts: [2, 65] }), /from 1 to 64, got \[2,65\]$/);
  await rejects(
    // 64 + 63 + … + 56, with the baseline: 541 threads, each count within LIMITS.workers.
    speedupSweep({ numbers: [1], workerCounts: Array.from({ length: 9 }, (_, index) => 64 - index) }),
    new RegExp(`at most ${MAX_SWEEP_THREADS} threads`),
  );
  await rejects(speedupSweep({ numbers: [1], workerCounts: [1], runs: 0 }), /`runs`/);
  await noThreadLeft();
});

test('the ideal counts how equal items divide among the workers, up to the cores', () => {
  assert.is(idealSpeedup(20, 8, 8), 20 / 3);
  assert.is(idealSpeedup(20, 4, 8), 4);
  assert.is(idealSpeedup(20, 3, 2), 2);
  assert.is(idealSpeedup(20, 1, 2), 1);
  assert.is(idealSpeedup(3, 8, 8), 3);
  assert.throws(() => idealSpeedup(0, 2, 2), /`items`/);
  assert.throws(() => idealSpeedup(4, 1.5, 2), /`workers`/);
});

test.run();

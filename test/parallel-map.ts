import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import {
  AbortError,
  TaskError,
  WorkerCrashError,
  createWorkerPool,
  defaultChunkSize,
  osThreadCount,
  parallelMap,
  sumOfSquares,
  withWorkerPool,
} from '../lib';
import { rejects, threadBaseline, until } from './helpers/assert';

test('results come back in input order, equal to the sequential ones', async () => {
  const numbers = [200_000, 5, 100_000, 0, 300_001, 7];
  const results = await parallelMap(numbers, 'sumOfSquares', { workers: 2, chunkSize: 1 });
  assert.equal(results, numbers.map(sumOfSquares));
});

test('chunking keeps order for many small items', async () => {
  const items = Array.from({ length: 5000 }, (_, i) => i);
  assert.equal(await parallelMap(items, 'echo', { workers: 2, chunkSize: 37 }), items);
});

test('a task error rejects with the item index, message and worker stack', async () => {
  const error = (await rejects(
    parallelMap([1, 2, 3, -4, 5], 'failIfNegative', { workers: 2, chunkSize: 2 }),
    TaskError,
  )) as TaskError;
  assert.is(error.index, 3);
  assert.match(error.message, 'negative input -4');
  assert.match(error.stack ?? '', 'failIfNegative');
});

test('a crashing worker rejects within a second instead of hanging', async () => {
  await withWorkerPool({ workers: 1 }, async (pool) => {
    // Timed from a started pool: the second is the crash's, not the pool start-up's.
    const started = Date.now();
    await rejects(parallelMap([3], 'crash', { pool }), WorkerCrashError);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });
});

test("a shared pool survives many calls and a crash, and is the creator's to terminate", async () => {
  const pool = await createWorkerPool({ workers: 2 });
  try {
    assert.ok(pool.startMs > 0);
    for (let run = 0; run < 3; run++) assert.equal(await parallelMap([1, 2, 3], 'echo', { pool }), [1, 2, 3]);
    await rejects(parallelMap([1], 'crash', { pool }), WorkerCrashError);
    assert.equal(await parallelMap([1, 2, 3], 'echo', { pool }), [1, 2, 3]);
  } finally {
    await pool.terminate();
  }
  await rejects(parallelMap([1], 'echo', { pool }), /terminated/);
});

// Items of ten seconds: an abort that was missed would take at least that long, however busy the machine.
test('abort rejects with AbortError (the reason as cause) without waiting for running or queued chunks', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort('stop'), 50);
  const started = Date.now();
  const error = await rejects(
    parallelMap([10_000, 10_000, 10_000, 10_000], 'spin', { workers: 2, chunkSize: 1, signal: controller.signal }),
    AbortError,
  );
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  assert.is(error.cause, 'stop');
  await rejects(parallelMap([1], 'echo', { signal: AbortSignal.abort() }), AbortError);
});

test('an abort that lands while the pool is still starting is not missed', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1); // fires during createWorkerPool, before any chunk is queued
  const started = Date.now();
  await rejects(
    parallelMap([10_000, 10_000], 'spin', { workers: 2, chunkSize: 1, signal: controller.signal }),
    AbortError,
  );
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

test('a progress callback that throws rejects the map with its error, and the pool serves the next map', async () => {
  await withWorkerPool({ workers: 2 }, async (pool) => {
    const onProgress = (done: number) => {
      if (done === 3) throw new Error('the progress bar broke');
    };
    await rejects(
      parallelMap([1, 2, 3, 4, 5, 6], 'echo', { pool, chunkSize: 1, onProgress }),
      /the progress bar broke/,
    );
    assert.equal(await parallelMap([1, 2], 'echo', { pool }), [1, 2]);
    // The broken map's chunks already sent finish on their workers (maybe after the next map's): then none is left.
    assert.ok(
      await until(() => pool.activeCount === 0 && pool.pendingCount === 0),
      `${pool.activeCount} active, ${pool.pendingCount} pending`,
    );
  });
});

test('default chunks: two per worker, at least one item', () => {
  assert.is(defaultChunkSize(20, 2), 5);
  assert.is(defaultChunkSize(3, 4), 1);
  assert.is(defaultChunkSize(10_000, 2), 2500);
});

test('a task from a compiled module on disk runs by { file, name }', async () => {
  const file = path.resolve(__dirname, '../dist/lib/workloads/sum-of-squares.js');
  assert.equal(await parallelMap([10, 20], { file, name: 'sumOfSquares' }, { workers: 1 }), [285n, 2470n]);
  await rejects(parallelMap([1], { file, name: 'noSuchTask' }, { workers: 1 }), /exports no function "noSuchTask"/);
});

test('bad arguments name the problem', async () => {
  await rejects(parallelMap('abc' as never, 'echo'), /`items`/);
  await rejects(parallelMap([1], 'echo', { chunkSize: 0 }), /`chunkSize`/);
  await rejects(parallelMap([1], 'echo', { workers: 0 }), /`workers`/);
  await rejects(createWorkerPool({ workers: 1.5 }), RangeError);
});

test('no worker thread is left running afterwards, after success, error and abort', async () => {
  const noThreadLeft = threadBaseline();
  await parallelMap([1, 2, 3, 4], 'echo', { workers: 2 });
  await parallelMap([1, -1], 'failIfNegative', { workers: 2 }).catch(() => {});
  await parallelMap([300, 300], 'spin', { workers: 2, signal: AbortSignal.timeout(20) }).catch(() => {});
  await noThreadLeft(0);
});

test('the thread count does see a running pool (so the check above can fail)', async () => {
  const baseline = osThreadCount();
  const pool = await createWorkerPool({ workers: 2 });
  try {
    assert.ok(osThreadCount() >= baseline + 2);
  } finally {
    await pool.terminate();
  }
});

test.run();

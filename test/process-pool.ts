import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  AbortError,
  createPool,
  createProcessPool,
  guideNumbers,
  parallelMap,
  sumOfSquares,
  TaskError,
  WorkerCrashError,
  withProcessPool,
} from '../lib';
import { rejects, until, childProcesses, within } from './helpers/assert';

test('the same map on child processes: exact results in input order, a process per worker', async () => {
  const numbers = guideNumbers(7, 100_000);
  await withProcessPool({ workers: 2 }, async (pool) => {
    assert.is(pool.kind, 'processes');
    assert.ok(pool.startMs > 0);
    assert.is(childProcesses().length, 2, 'two child processes');
    // bigint results cross the channel (advanced serialization), in input order, for any chunking.
    for (const chunkSize of [1, 3, undefined])
      assert.equal(
        await parallelMap(numbers, 'sumOfSquares', { pool, chunkSize }),
        numbers.map((n) => sumOfSquares(n)),
      );
  });
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test("a task error rejects with the item index and the process's stack; the pool stays usable", async () => {
  await withProcessPool({ workers: 2 }, async (pool) => {
    const error = (await rejects(
      parallelMap([1, 2, 3, -4, 5], 'failIfNegative', { pool, chunkSize: 2 }),
      TaskError,
    )) as TaskError;
    assert.is(error.index, 3);
    assert.match(error.message, 'negative input -4');
    assert.match(error.stack ?? '', 'failIfNegative');
    assert.equal(await parallelMap([1, 2], 'echo', { pool }), [1, 2]);
  });
});

test('a dying process rejects its map at once (WorkerCrashError); a map beside it completes on a new one', async () => {
  await withProcessPool({ workers: 1 }, async (pool) => {
    const [first] = pool.pids;
    const crashed = parallelMap([3, 1, 1], 'crash', { pool, chunkSize: 1 });
    const numbers = guideNumbers(3, 100_000);
    const beside = parallelMap(numbers, 'sumOfSquares', { pool, chunkSize: 1 });
    await rejects(within(crashed, 5_000, 'the map whose process died'), WorkerCrashError);
    // Its own two other chunks were dropped with it; the other map's three waited for the replacement.
    assert.equal(
      await within(beside, 10_000, 'the map beside the crash'),
      numbers.map((n) => sumOfSquares(n)),
    );
    assert.is(pool.lostWorkerCount, 1);
    assert.is(pool.pids.length, 1);
    assert.is.not(pool.pids[0], first);
    assert.equal(childProcesses(), [...pool.pids]);
  });
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test("abort rejects (AbortError) without awaiting 10-second items; an owned pool's processes are killed", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort('stop'), 100);
  const error = await rejects(
    parallelMap([10_000, 10_000, 10_000], 'spin', {
      pool: undefined,
      workers: 2,
      chunkSize: 1,
      signal: controller.signal,
    }),
    AbortError,
  );
  assert.is(error.cause, 'stop');
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test('an item the channel cannot carry fails its map, and the process stays free for the next', async () => {
  await withProcessPool({ workers: 1 }, async (pool) => {
    await rejects(parallelMap([() => 1] as never[], 'echo', { pool }), /could not be cloned/);
    assert.equal(await parallelMap([1, 2], 'echo', { pool }), [1, 2]);
  });
});

test('createPool picks the kind; bad sizes and kinds are refused by name before anything starts', async () => {
  const pool = await createPool('processes', { workers: 1 });
  assert.is(pool.kind, 'processes');
  await pool.terminate();
  await pool.terminate();
  await rejects(createProcessPool({ workers: 0 }), /`workers` to be a whole number of processes from 1 to 64, got 0/);
  await rejects(
    createPool('forks' as never),
    /`kind` to be a pool kind of threads, processes, queue \(or redis\), got forks/,
  );
  assert.is(childProcesses().length, 0);
});

test.run();

/** The map over a BullMQ queue on a real Redis (started by the pool), with workers that can die. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createQueuePool,
  killProcessGroup,
  startRedisServer,
  guideNumbers,
  parallelMap,
  sumOfSquares,
  TaskError,
  withQueuePool,
  AbortError,
  QUEUE_TIMINGS,
  type RedisServer,
} from '../lib';
import { rejects, until, childProcesses, within } from './helpers/assert';

/**
 * BullMQ's sandbox processes of this checkout anywhere on the machine: a killed worker must not
 * leave its own behind.
 */
function sandboxes(): string[] {
  const out = spawnSync('pgrep', ['-f', path.join(__dirname, '..', 'node_modules', 'bullmq')], {
    encoding: 'utf8',
  }).stdout.trim();
  return out ? out.split('\n') : [];
}

test('the same map on a queue: exact results in input order; Redis and the workers go with the pool', async () => {
  const numbers = guideNumbers(6, 100_000);
  await withQueuePool({ workers: 2 }, async (pool) => {
    assert.is(pool.kind, 'queue');
    assert.is(pool.pids.length, 2);
    for (const chunkSize of [1, undefined])
      assert.equal(
        await parallelMap(numbers, 'sumOfSquares', { pool, chunkSize }),
        numbers.map((n) => sumOfSquares(n)),
      );
  });
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
});

test('a worker killed mid-map loses nothing: its job goes to the other worker after about a lock period', async () => {
  await withQueuePool({ workers: 2 }, async (pool) => {
    // Eight items of 300 ms, one job each: both workers are busy when one dies.
    const items = Array(8).fill(300);
    const started = performance.now();
    const map = parallelMap(items, 'spin', { pool, chunkSize: 1 });
    setTimeout(() => killProcessGroup(pool.pids[0], 'SIGKILL'), 450);
    const results = await map;
    const ms = performance.now() - started;
    assert.is(results.length, 8);
    assert.ok(
      results.every((result) => typeof result === 'number'),
      'every item has its result',
    );
    // Alone, the survivor needs 8 × 300 ms at most; the lost job waits for its lock to run out first.
    assert.ok(
      ms < 8 * 300 + QUEUE_TIMINGS.lockDuration + QUEUE_TIMINGS.stalledInterval + 3_000,
      `took ${ms.toFixed(0)} ms`,
    );
  });
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
  // The killed worker's sandboxed process, orphaned, spun at full CPU until this was fixed.
  assert.ok(await until(() => sandboxes().length === 0), `BullMQ sandbox processes left: ${sandboxes().join(', ')}`);
});

test('a throwing task is retried up to its attempts, then the map rejects with TaskError naming the item', async () => {
  await withQueuePool({ workers: 1, attempts: 2 }, async (pool) => {
    const error = (await rejects(
      parallelMap([1, 2, -3, 4], 'failIfNegative', { pool, chunkSize: 2 }),
      TaskError,
    )) as TaskError;
    assert.is(error.index, 2);
    assert.match(error.message, 'negative input -3');
  });
});

test('abort: the map rejects at once and its waiting jobs are removed from the queue', async () => {
  await withQueuePool({ workers: 1 }, async (pool) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('stop'), 300);
    const error = await rejects(
      parallelMap(Array(6).fill(1_000), 'spin', { pool, chunkSize: 1, signal: controller.signal }),
      AbortError,
    );
    assert.is(error.cause, 'stop');
    // The one job running finishes; the five waiting ones are gone, so the worker is idle soon after.
    const after = performance.now();
    assert.equal(await parallelMap([7], 'echo', { pool }), [7]);
    assert.ok(performance.now() - after < 3_000, 'the queue was not still working through the aborted map');
  });
});

test('Redis gone mid-map: the map fails clearly after REDIS_GONE_MS, not waiting for ever; nothing left', async () => {
  const redis = await startRedisServer();
  const pool = await createQueuePool({ redis: redis.url, workers: 2 });
  try {
    setTimeout(() => void redis.stop(), 500);
    await rejects(
      parallelMap(Array(8).fill(300), 'spin', { pool, chunkSize: 1 }),
      /Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ went away and did not come back within 5 s/,
    );
  } finally {
    await pool.terminate();
    await redis.stop();
  }
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
  assert.ok(await until(() => sandboxes().length === 0), `BullMQ sandbox processes left: ${sandboxes().join(', ')}`);
});

test('Redis restarted empty mid-map (it keeps no data): lost jobs are resent, the map completes, exact', async () => {
  const first = await startRedisServer();
  const { port, password } = first;
  let second: RedisServer | undefined;
  const pool = await createQueuePool({ redis: first.url, workers: 2 });
  try {
    // About 230 ms each: the map is well under way when Redis goes.
    const numbers = guideNumbers(10, 400_000_000);
    const map = parallelMap(numbers, 'sumOfSquares', { pool, chunkSize: 1 });
    setTimeout(async () => {
      await first.stop();
      second = await startRedisServer({ port, password });
    }, 400);
    assert.equal(
      await within(map, 30_000, 'the map'),
      numbers.map((n) => sumOfSquares(n)),
    );
    assert.ok(second, 'Redis was restarted before the map ended');
  } finally {
    await pool.terminate();
    await first.stop();
    await second?.stop();
  }
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
  assert.ok(await until(() => sandboxes().length === 0), `BullMQ sandbox processes left: ${sandboxes().join(', ')}`);
});

test('bad options and an unreachable Redis fail within seconds, by name', async () => {
  await rejects(createQueuePool({ workers: -1 }), /`workers`/);
  await rejects(startRedisServer({ port: 70_000 }), /`port`/);
  await rejects(createQueuePool({ redis: 'http://127.0.0.1:1' }), /`redis` to be a redis:\/\/ or rediss:\/\/ URL/);
  await rejects(
    createQueuePool({ redis: 'redis://127.0.0.1:1', workers: 0 }),
    /Redis at redis:\/\/127\.0\.0\.1:1 did not answer/,
  );
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
});

test.run();

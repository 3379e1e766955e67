/** One registry of pool kinds, one name each, serving the CLI, the bench and the experiments. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createPool,
  parallelMap,
  POOL_KIND_LABELS,
  POOL_KIND_NAMES,
  POOL_KINDS,
  poolKind,
  withPool,
  type WorkerPool,
} from '../lib';
import { childProcesses, threadBaseline, until } from './helpers/assert';

test("one name per kind; `redis` (the CLI's first name for the queue) means it; others are refused by name", () => {
  assert.equal([...POOL_KINDS], ['threads', 'processes', 'queue']);
  assert.equal([...POOL_KIND_NAMES], ['threads', 'processes', 'queue', 'redis']);
  assert.equal(POOL_KINDS.map(poolKind), ['threads', 'processes', 'queue']);
  assert.is(poolKind('redis'), 'queue');
  assert.equal(Object.keys(POOL_KIND_LABELS), [...POOL_KINDS]);
  for (const bad of ['forks', 'toString', 'constructor', '', undefined, 7]) {
    assert.throws(
      () => poolKind(bad),
      /Expected `kind` to be a pool kind of threads, processes, queue \(or redis\), got /,
    );
  }
});

test('createPool starts each kind by any of its names, and the same map runs on each', async () => {
  for (const [name, kind] of [
    ['threads', 'threads'],
    ['processes', 'processes'],
    ['queue', 'queue'],
    ['redis', 'queue'],
  ] as const) {
    await withPool(name, { workers: 1 }, async (pool) => {
      assert.is(pool.kind, kind);
      assert.equal(await parallelMap([1, 2, 3], 'sumOfSquares', { pool }), [0n, 1n, 5n]);
    });
  }
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
});

/**
 * `starting` rejects with an error matching `message`; a pool it started after all is terminated,
 * so a failure does not leave it running.
 */
async function refused(starting: Promise<WorkerPool>, message: RegExp): Promise<void> {
  const pool = await starting.catch((error: Error) => {
    assert.match(error.message, message);
    return undefined;
  });
  if (pool) {
    await pool.terminate();
    assert.unreachable(`a ${pool.kind} pool started instead of being refused`);
  }
}

test("a queue's options on another kind are refused by name before any worker starts", async () => {
  const noThreadLeft = threadBaseline();
  await refused(
    createPool('threads', { workers: 1, redis: 'redis://127.0.0.1:6379' }),
    /Expected `redis` only with a queue pool, not with threads/,
  );
  await refused(
    createPool('processes', { workers: 1, concurrency: 2 }),
    /Expected `concurrency` only with a queue pool, not with processes/,
  );
  await refused(createPool('forks' as never, {}), /`kind`/);
  assert.equal(childProcesses(), []);
  await noThreadLeft(0);
});

test('choosing a pool kind loads no queue code: BullMQ and ioredis only come with the queue', () => {
  const registry = path.resolve(__dirname, '..', 'dist', 'lib', 'cpu', 'pool-kind.js');
  const script = `require(${JSON.stringify(registry)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
  assert.equal(
    loaded.filter((file) => /bullmq|ioredis|\/queue\//.test(file)),
    [],
  );
  assert.ok(loaded.some((file) => file.endsWith('worker-pool.js')));
});

test.run();

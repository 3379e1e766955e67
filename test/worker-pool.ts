import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { MessagePort, Worker } from 'node:worker_threads';
import {
  createWorkerPool,
  guideNumbers,
  osThreadCount,
  parallelMap,
  sumOfSquares,
  WorkerCrashError,
  withWorkerPool,
} from '../lib';
import { rejects, threadBaseline, until, within } from './helpers/assert';
import { collectGarbage } from './helpers/gc';

// Counted when this file starts, not when uvu loads every file.
let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('a started pool has a thread per worker, its start-up time, none once terminated (twice is fine)', async () => {
  const before = osThreadCount();
  const pool = await createWorkerPool({ workers: 3 });
  try {
    assert.is(pool.workerCount, 3);
    assert.ok(pool.startMs > 0);
    assert.ok(osThreadCount() >= before + 3, `${osThreadCount()} threads, ${before} before`);
  } finally {
    await pool.terminate();
    await pool.terminate();
  }
  await noThreadLeft();
});

test('the threads package leaves no SIGINT or SIGTERM handler behind: a kernel interrupt stays one', async () => {
  const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
  await withWorkerPool({ workers: 1 }, async () => {
    assert.equal([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], before);
  });
});

test('a dying thread fails only the chunk it ran: a map beside it completes exactly; it is replaced', async () => {
  await withWorkerPool({ workers: 2 }, async (pool) => {
    // The crash takes one thread at once; the other map's first chunk runs on the other thread, the rest wait.
    const crashed = parallelMap([7], 'crash', { pool });
    const numbers = guideNumbers(6, 2_000_000);
    const beside = parallelMap(numbers, 'sumOfSquares', { pool, chunkSize: 1 });
    assert.equal([pool.activeCount, pool.pendingCount], [2, 5]);
    await rejects(within(crashed, 5_000, 'the map whose thread died'), WorkerCrashError);
    assert.equal(
      await within(beside, 10_000, 'the map beside the crash'),
      numbers.map((n) => sumOfSquares(n)),
    );
    assert.is(pool.lostWorkerCount, 1);
    assert.ok(await until(() => pool.liveWorkerCount === 2), `${pool.liveWorkerCount} threads alive`);
    assert.equal(await parallelMap([1, 2, 3], 'echo', { pool, chunkSize: 1 }), [1, 2, 3]);
  });
  await noThreadLeft();
});

test('a thread dying in a chunk sent ahead fails only that chunk: the one answered before stays answered', async () => {
  await withWorkerPool({ workers: 1 }, async (pool) => {
    // The pool sends a chunk ahead after a short one (under 1 ms, send to answer): each attempt's thread
    // is a fresh one, so warm it up first; on a loaded machine some answers still take longer.
    let sentAhead = false;
    for (let attempt = 0; attempt < 30 && !sentAhead; attempt++) {
      for (let warm = 0; warm < 5; warm++) await parallelMap([1], 'echo', { pool });
      const answered = pool.run('echo', [2]);
      const crashing = pool.run('crash', [3]);
      sentAhead = pool.activeCount === 2;
      assert.equal(await within(answered.promise, 5_000, 'the chunk answered before the crash'), {
        ok: true,
        results: [2],
      });
      await rejects(within(crashing.promise, 5_000, 'the chunk that crashed its thread'), WorkerCrashError);
      assert.ok(await until(() => pool.liveWorkerCount === 1), 'the thread was replaced');
    }
    assert.ok(sentAhead, 'no chunk was sent ahead in 30 tries');
  });
});

test('a terminated pool refuses work', async () => {
  const pool = await createWorkerPool({ workers: 1 });
  await pool.terminate();
  await rejects(pool.run('echo', [1]).promise, /terminated/);
});

test("withWorkerPool terminates its pool when fn throws, and passes fn's result through", async () => {
  assert.equal(await withWorkerPool({ workers: 2 }, (pool) => parallelMap([1, 2], 'echo', { pool })), [1, 2]);
  await rejects(
    withWorkerPool({ workers: 2 }, async () => {
      throw new Error('cell failed');
    }),
    /cell failed/,
  );
  await noThreadLeft();
});

test('a CPU worker loads no HTTP code: the built-in tasks pull in workloads only', () => {
  const tasks = path.resolve(__dirname, '..', 'dist', 'lib', 'cpu', 'tasks.js');
  const script = `require(${JSON.stringify(tasks)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
  assert.equal(
    loaded.filter((file) => /\/io\/|node-fetch|http/.test(file)),
    [],
  );
  assert.ok(loaded.some((file) => file.endsWith('sum-of-squares.js')));
});

/**
 * Live objects of a class after a full collection (v8.queryObjects, experimental in Node 20: its
 * warning is silenced).
 */
function liveCount(type: abstract new (...args: never[]) => object): number {
  collectGarbage();
  const warn = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return (v8 as unknown as { queryObjects(c: typeof type, o: { format: 'count' }): number }).queryObjects(type, {
      format: 'count',
    });
  } finally {
    process.emitWarning = warn;
  }
}

test('pools leave nothing reachable: a hundred maps later, no more Workers, ports or heap than before', async () => {
  // threads.js's own Worker class kept every worker it made in a module-level list: two Worker and
  // four MessagePort objects per two-worker map, about 10 KB of heap each time, for ever.
  const maps = (count: number) =>
    Array.from({ length: count }).reduce<Promise<unknown>>(
      (previous) => previous.then(() => parallelMap([1, 2], 'sumOfSquares', { workers: 2 })),
      Promise.resolve(),
    );
  await maps(5);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const before = { workers: liveCount(Worker), ports: liveCount(MessagePort), heap: process.memoryUsage().heapUsed };
  await maps(100);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = { workers: liveCount(Worker), ports: liveCount(MessagePort), heap: process.memoryUsage().heapUsed };
  assert.is(after.workers, before.workers, 'Worker objects still reachable');
  assert.is(after.ports, before.ports, 'MessagePort objects still reachable');
  assert.ok(
    after.heap - before.heap < 512 * 1024,
    `heap grew by ${((after.heap - before.heap) / 1024).toFixed(0)} KB over 100 maps`,
  );
  await noThreadLeft();
});

test('a worker count outside 1–256 is refused by name before any thread starts', async () => {
  for (const workers of [0, 1.5, 257, Number.NaN]) await rejects(createWorkerPool({ workers }), /`workers`/);
  await noThreadLeft(0);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWorkerPool, parallelMap, runningCount, startLatencyServerProcess, stopEverything } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

test('pools and server processes count as running till stopped; stopEverything stops all, mid-map too', async () => {
  const noThreadLeft = threadBaseline();
  const before = runningCount();
  const pool = await createWorkerPool({ workers: 2 });
  const server = await startLatencyServerProcess({ latencyMs: 5 });
  assert.is(runningCount(), before + 2);
  // Observed from the start, as the kernel's race with its interrupt observes a cell's promise.
  const longMap = parallelMap([10_000, 10_000], 'spin', { pool, chunkSize: 1 }).then(
    () => 'finished',
    (error: Error) => error,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await stopEverything();
  // The map ends with its pool instead of running its ten seconds out.
  assert.instance(await longMap, Error);
  assert.ok(Date.now() - started < 10_000);
  assert.is(runningCount(), before);
  await rejects(fetch(`${server.url}page/0`), TypeError);
  await rejects(pool.run('echo', [1]).promise, /terminated|new pool/);
  await noThreadLeft();
});

test.run();

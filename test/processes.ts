import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { channelCost, crashIsolation, datasetOnProcesses, memoryPerWorkerKind, startupTimes } from '../lib';
import { rejects, until, childProcesses } from './helpers/assert';
import { hasPython } from './helpers/python';

test("start-up: a row for threads and for processes, and CPython's start methods when python3 is there", async () => {
  const rows = await startupTimes({ workers: 1, runs: 1 });
  assert.equal(
    rows.slice(0, 2).map((row) => row.kind),
    ['Node worker threads', 'Node child processes'],
  );
  // Linux has all three start methods; the Python's own default is marked, exactly one.
  assert.equal(
    rows.slice(2).map((row) => row.startMethod),
    hasPython ? ['fork', 'forkserver', 'spawn'] : [],
  );
  if (hasPython) assert.is(rows.filter((row) => row.kind.endsWith('(its default)')).length, 1);
  if (hasPython) assert.is(rows.filter((row) => row.isDefaultMethod).length, 1);
  assert.ok(rows.every((row) => row.ms > 0));
});

test('a child process holds more resident memory than a worker thread adds: it is a whole Node', async () => {
  const [thread, child] = await memoryPerWorkerKind({ workers: 1 });
  assert.ok(
    child.mibPerWorker > thread.mibPerWorker,
    `process ${child.mibPerWorker} MiB, thread ${thread.mibPerWorker} MiB`,
  );
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test('channels: every route brings the bytes back, each copying what it should', async () => {
  const rows = await channelCost({ sizesMb: [2], runs: 3 });
  assert.equal(
    rows.map((row) => row.channel),
    [
      'process, JSON (base64 text)',
      'process, advanced (clone)',
      'thread, clone',
      'thread, transfer',
      'thread, SharedArrayBuffer',
    ],
  );
  assert.ok(rows.every((row) => row.minMs <= row.ms && row.ms <= row.maxMs));
  // Which route is faster is a speed, left to the bench and notebook 04's finding: a loaded machine reversed it here.
  // What is copied: base64 text is a third larger than the bytes; a transfer or a shared buffer
  // copies nothing, and has no rate.
  const bytes = 2 * 2 ** 20;
  assert.equal(
    rows.map((row) => row.bytesCopied),
    [Math.ceil(bytes / 3) * 4, bytes, bytes, 0, 0],
  );
  assert.equal(
    rows.map((row) => row.mbPerSecond === null),
    [false, false, false, true, true],
  );
  // A plain array of numbers is measured up to 1 MB only: it clones element by element.
  const small = await channelCost({ sizesMb: [0.25], runs: 1 });
  assert.equal(small.at(-1)!.channel, 'thread, plain array');
  await rejects(channelCost({ sizesMb: [0] }), /`sizesMb`/);
});

test('a dataset sent to processes costs a copy each, at least', async () => {
  const { rssGrowthMiB } = await datasetOnProcesses({ datasetMiB: 64, workers: 2 });
  assert.ok(rssGrowthMiB >= 0.9 * 2 * 64, `${rssGrowthMiB} MiB for 2 copies of 64 MiB`);
  await rejects(datasetOnProcesses({ datasetMiB: 64, workers: 0 }), /`workers`/);
  // 1024 MiB to 64 processes is more than half of any machine this runs on: refused before a fork.
  await rejects(datasetOnProcesses({ datasetMiB: 1024, workers: 64 }), /within half this machine's memory/);
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test('a worker that runs out of memory or exits: the parent is told, by an error or exit, and lives on', async () => {
  const rows = await crashIsolation();
  const seen = (failure: string, where: string) =>
    rows.find((row) => row.failure === failure && row.where === where)!.parentSees;
  assert.match(seen('out of memory', 'worker thread'), "'error' ERR_WORKER_OUT_OF_MEMORY");
  assert.match(seen('out of memory', 'child process'), /'exit' with (signal SIGABRT|code 134)/);
  assert.is(seen('process.exit(3)', 'worker thread'), "'exit' with code 3");
  assert.is(seen('process.exit(3)', 'child process'), "'exit' with code 3");
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
});

test.run();

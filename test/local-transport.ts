/** localTransport: what the thread and process transports check and find before any worker starts. */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type LocalWorkerKind, localTransport } from '../lib/cpu/local-transport';
import type { PoolWorker } from '../lib/cpu/pool';
import { createProcessPool, createWorkerPool, LIMITS } from '../lib';
import { rejects } from './helpers/assert';

/** A kind whose `start` only records what it was given. */
function recordingKind(entry = 'cpu/chunk-runner') {
  const starts: Array<{ entryFile: string; taskFiles: readonly string[]; onDeath: (error: Error) => void }> = [];
  const kind: LocalWorkerKind = {
    kind: 'threads',
    noun: 'gizmos',
    entry,
    start: async (entryFile, taskFiles, onDeath) => {
      starts.push({ entryFile, taskFiles, onDeath });
      return {} as PoolWorker;
    },
  };
  return { kind, starts };
}

test("the kind's transport: size (default a worker per core, up to 64); compiled entry, modules to start", async () => {
  const { kind, starts } = recordingKind();
  assert.is(localTransport(kind, { workers: 2 }).size, 2);
  const transport = localTransport({ ...kind });
  assert.is(transport.size, Math.min(availableParallelism(), LIMITS.workers.max));
  assert.is(transport.kind, 'threads');
  const taskFile = path.resolve(__dirname, '..', 'dist', 'lib', 'cpu', 'tasks.js');
  const withTasks = localTransport(kind, { workers: 1, taskFiles: [path.relative(process.cwd(), taskFile), taskFile] });
  assert.equal(withTasks.taskFiles, [taskFile], 'made absolute, once each');
  const onDeath = () => {};
  await withTasks.start(onDeath);
  assert.is(starts.length, 1);
  assert.is(starts[0].entryFile, path.resolve(__dirname, '..', 'dist', 'lib', 'cpu', 'chunk-runner.js'));
  assert.equal(starts[0].taskFiles, [taskFile]);
  assert.is(starts[0].onDeath, onDeath);
});

test('bad options are refused by name up front: workers out of `LIMITS.workers`, a task module not a file', () => {
  const { kind, starts } = recordingKind();
  for (const workers of [0, 1.5, 65, Number.NaN]) {
    assert.throws(
      () => localTransport(kind, { workers }),
      (error: Error) =>
        error instanceof RangeError &&
        error.message === `Expected \`workers\` to be a whole number of gizmos from 1 to 64, got ${workers}`,
    );
  }
  assert.throws(
    () => localTransport(kind, { workers: 1, taskFiles: ['/nowhere/tasks.js'] }),
    /`taskFiles`.*\/nowhere\/tasks\.js is not a file/,
  );
  assert.throws(
    () => localTransport(recordingKind('cpu/never-built').kind, { workers: 1 }),
    /never-built\.js is missing: run `npm run build`/,
  );
  assert.is(starts.length, 0);
});

test('the two local pools say what their workers are and how many they may have', async () => {
  await rejects(createWorkerPool({ workers: 65 }), /`workers` to be a whole number of threads from 1 to 64, got 65/);
  await rejects(createWorkerPool({ workers: 1.5 }), /`workers` to be a whole number of threads from 1 to 64, got 1.5/);
  await rejects(createProcessPool({ workers: 65 }), /`workers` to be a whole number of processes from 1 to 64, got 65/);
});

test.run();

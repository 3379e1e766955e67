/** The first file of a pool's worker thread, spoken to as its pool speaks to it: threads.js's spawn() and messaging. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compiledFile, createWorkerPool } from '../lib';
import type { ChunkRunner } from '../lib/cpu/chunk-protocol';
import { ThreadsWorker } from '../lib/cpu/threads-worker';

test('chunks run one by one, in order, also if their task awaits: one sent ahead never overlaps the last', async () => {
  // Loaded through the pool's module, which removes the signal handlers threads.js installs.
  await (await createWorkerPool({ workers: 1 })).terminate();
  const { spawn } = require('threads') as typeof import('threads');
  const thread = new ThreadsWorker(compiledFile('cpu/chunk-runner'), { workerData: { taskFiles: [] } });
  try {
    const runner = await spawn<ChunkRunner>(thread as never);
    // Both sent before either answers, as the pool's lookahead sends them.
    const answers = await Promise.all([runner.runChunk('timedSleep', [30]), runner.runChunk('timedSleep', [30])]);
    const [first, second] = answers.map(
      (answer) => (answer as { results: { startedAt: number; endedAt: number }[] }).results[0],
    );
    assert.ok(
      second.startedAt >= first.endedAt,
      `the second chunk started ${first.endedAt - second.startedAt} ms before the first ended`,
    );
    // A failed chunk does not stop the next one.
    const [failed, next] = await Promise.all([runner.runChunk('failIfNegative', [-1]), runner.runChunk('echo', [7])]);
    assert.is(failed.ok, false);
    assert.equal(next, { ok: true, results: [7] });
  } finally {
    await thread.terminate();
  }
});

test.run();

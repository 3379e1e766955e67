import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { datasetMemory } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

test('a copied dataset costs a dataset per worker; a shared one costs only the workers', async () => {
  const noThreadLeft = threadBaseline();
  const rows = await datasetMemory({ datasetMiB: 64, workerCounts: [1, 2] });
  const growth = (mode: string, workers: number) =>
    rows.find((r) => r.mode === mode && r.workers === workers)!.rssGrowthMiB;
  assert.equal(
    rows.map((r) => [r.mode, r.workers, r.copiesMiB]),
    [
      ['copy', 1, 64],
      ['copy', 2, 128],
      ['share', 1, 64],
      ['share', 2, 128],
    ],
  );
  // Relative to sharing in the same run: each worker's heap and the allocator's habits cost both modes alike.
  for (const workers of [1, 2]) {
    const extra = growth('copy', workers) - growth('share', workers);
    assert.ok(
      extra >= 0.5 * workers * 64,
      `copy to ${workers}: ${growth('copy', workers)} MiB, share: ${growth('share', workers)} MiB`,
    );
  }
  await noThreadLeft();
});

test('bad sizes, counts and modes name themselves', async () => {
  await rejects(datasetMemory({ datasetMiB: 16, workerCounts: [1] }), /`datasetMiB`.*from 64/);
  await rejects(datasetMemory({ datasetMiB: 2048, workerCounts: [1] }), /`datasetMiB` .* from 64 to 1024, got 2048/);
  await rejects(datasetMemory({ datasetMiB: 64, workerCounts: [] }), /`workerCounts`/);
  await rejects(datasetMemory({ datasetMiB: 64, workerCounts: [1.5] }), /`workerCounts`/);
  await rejects(datasetMemory({ datasetMiB: 64, workerCounts: [1], modes: ['pickle' as never] }), /pickle/);
});

test.run();

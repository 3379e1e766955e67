import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchSweep } from '../lib';

test('batchSweep: a row per batch and mode, none losing an update, each against one thread alone', async () => {
  const progress: number[] = [];
  const { aloneMs, rows } = await batchSweep({ workers: 2, increments: 20_000, batches: [1, 1_000], onProgress: (done) => progress.push(done) });
  assert.equal(rows.map((row) => [row.batch, row.mode]), [[1, 'atomics'], [1, 'mutex'], [1_000, 'atomics'], [1_000, 'mutex']]);
  assert.ok(rows.every((row) => row['lost (worst run)'] === 0));
  assert.ok(aloneMs > 0 && rows.every((row) => Math.abs(row['speedup over one thread'] - aloneMs / row.ms) < 1e-9));
  assert.equal(progress, [1, 2]);
});

test.run();

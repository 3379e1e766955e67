import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { measureDataPassing } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

// Counted when this file starts, not when uvu loads every file.
let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('each mode delivers the whole buffer; sharing or moving 64 MB costs less than copying it', async () => {
  // 64 MB: a copy takes tens of milliseconds, far past what a busy machine adds to waking a worker.
  const rows = await measureDataPassing({ sizesMb: [64], runs: 3 });
  assert.equal(
    rows.map((row) => row.mode),
    ['clone', 'transfer', 'shared'],
  );
  const byMode = Object.fromEntries(rows.map((row) => [row.mode, row.ms]));
  assert.ok(byMode.shared < byMode.clone, `shared ${byMode.shared} ms vs clone ${byMode.clone} ms`);
  assert.ok(byMode.transfer < byMode.clone, `transfer ${byMode.transfer} ms vs clone ${byMode.clone} ms`);
  // A rate only where bytes are copied: moving or sharing a buffer copies none of it.
  assert.equal(
    rows.map((row) => [row.mode, row.bytesCopied, row.mbPerSecond === null]),
    [
      ['clone', 64 * 2 ** 20, false],
      ['transfer', 0, true],
      ['shared', 0, true],
    ],
  );
  // The rate is the payload over the median round trip; a table shows the mode first.
  assert.equal(
    [Object.keys(rows[0]), rows[0].mbPerSecond],
    [['mode', 'megabytes', 'ms', 'minMs', 'maxMs', 'bytesCopied', 'mbPerSecond'], 64 / (rows[0].ms / 1000)],
  );
});

test('data passing refuses bad sizes and modes', async () => {
  await rejects(measureDataPassing({ sizesMb: [] }), /`sizesMb`/);
  await rejects(measureDataPassing({ sizesMb: [-1] }), /`sizesMb`/);
  await rejects(measureDataPassing({ sizesMb: [1], modes: ['pickle' as never] }), /pickle/);
  await rejects(measureDataPassing({ sizesMb: [1], runs: 0 }), /`runs`/);
});

test('no worker thread is left behind', async () => {
  await noThreadLeft();
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparePools } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

// Counted when this file starts, not when uvu loads every file.
let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('every pool library runs every item; chunking costs less per item than one task each', async () => {
  const rows = await comparePools({ itemCount: 300, workers: 2 });
  assert.is(rows.length, 5);
  for (const row of rows) assert.ok(row.runMs > 0 && row.microsPerItem === (row.runMs * 1000) / 300, row.library);
  const chunked = rows.find((row) => row.library.includes('default chunks'))!;
  const naive = rows.find((row) => row.library.includes('threads.js Pool, one task'))!;
  assert.ok(chunked.microsPerItem < naive.microsPerItem);
  await rejects(comparePools({ itemCount: 0 }), /`itemCount`/);
});

test('no worker thread is left behind', async () => {
  await noThreadLeft();
});

test.run();

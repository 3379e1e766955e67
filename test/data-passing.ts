import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparePools, defaultChunkSize, measureDataPassing } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

const noThreadLeft = threadBaseline();

test('each mode delivers the whole buffer; sharing 10 MB costs less than copying it', async () => {
  const rows = await measureDataPassing({ sizesMb: [10], runs: 3 });
  assert.equal(rows.map((row) => row.mode), ['clone', 'transfer', 'shared']);
  const byMode = Object.fromEntries(rows.map((row) => [row.mode, row.ms]));
  // A copy of 10 MB takes milliseconds; handing over a shared handle does not grow with size.
  assert.ok(byMode.shared < byMode.clone, `shared ${byMode.shared} ms vs clone ${byMode.clone} ms`);
  assert.ok(byMode.transfer < byMode.clone, `transfer ${byMode.transfer} ms vs clone ${byMode.clone} ms`);
});

test('data passing refuses bad sizes and modes', async () => {
  await rejects(measureDataPassing({ sizesMb: [] }), /`sizesMb`/);
  await rejects(measureDataPassing({ sizesMb: [-1] }), /`sizesMb`/);
  await rejects(measureDataPassing({ sizesMb: [1], modes: ['pickle' as never] }), /pickle/);
  await rejects(measureDataPassing({ sizesMb: [1], runs: 0 }), /`runs`/);
});

test('every pool library runs every item; chunking is the cheapest per item', async () => {
  const rows = await comparePools({ itemCount: 300, workers: 2 });
  assert.is(rows.length, 4);
  for (const row of rows) assert.ok(row.runMs > 0 && row.microsPerItem === (row.runMs * 1000) / 300, row.library);
  const chunked = rows.find((row) => row.library.includes('chunked'))!;
  const naive = rows.find((row) => row.library.includes('threads.js Pool, one task'))!;
  assert.ok(chunked.microsPerItem < naive.microsPerItem);
  await rejects(comparePools({ itemCount: 0 }), /`itemCount`/);
});

test('default chunks: two per worker, at least one item', () => {
  assert.is(defaultChunkSize(20, 2), 5);
  assert.is(defaultChunkSize(3, 4), 1);
  assert.is(defaultChunkSize(10_000, 2), 2500);
});

test('no worker thread is left behind', async () => {
  await noThreadLeft();
});

test.run();

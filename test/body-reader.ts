import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import { countBody } from '../lib/io/body-reader';
import { rejects } from './helpers/assert';

test('countBody stops past maxBytes and says how far it got', async () => {
  const stream = Readable.from([Buffer.alloc(100), Buffer.alloc(100), Buffer.alloc(100)]);
  // Past 150 at the second chunk: it stops there and lets the stream go.
  assert.is(await countBody(stream as never, 150), 200);
  assert.ok(stream.destroyed, 'the stream was left open');
  async function* chunks() {
    yield new Uint8Array(40);
    yield new Uint8Array(40);
    yield new Uint8Array(40);
  }
  assert.is(await countBody(chunks(), 50), 80);
  assert.is(await countBody(null, 10), 0);
});

test('countBody rejects a stream that closes before its end', async () => {
  const stream = new Readable({ read() {} });
  stream.push(Buffer.alloc(10));
  setTimeout(() => stream.destroy(), 5);
  await rejects(countBody(stream as never, Infinity), /closed before the body ended/);
});

test.run();

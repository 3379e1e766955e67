/**
 * A chunk through Redis as JSON: the values a worker thread would receive, and nothing decoded
 * before its size is checked.
 */
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WorkerResultError } from '../lib';
import {
  decodeChunk,
  decodeResults,
  encodeChunk,
  encodeResults,
  MAX_CHUNK_ITEMS,
  MAX_ENCODED_CHARS,
} from '../lib/queue/chunk-codec';

/** What BullMQ does to job data and return values: JSON there and back. */
const throughRedis = <T>(value: T): T => JSON.parse(JSON.stringify(value));

test('items and results cross as structured clones: bigints, typed arrays, maps, dates, holes arrive as sent', () => {
  const items = [
    2n ** 70n,
    new Uint8Array([1, 2, 255]),
    new Map([['a', 1]]),
    new Date(0),
    undefined,
    'text',
    { nested: [1.5, null] },
  ];
  const chunk = throughRedis(encodeChunk('echo', items));
  assert.is(typeof chunk.items, 'string', 'items are a string JSON can hold');
  const decoded = decodeChunk(chunk);
  assert.is(decoded.task, 'echo');
  assert.equal(decoded.items, items);
  assert.instance(decoded.items[1], Uint8Array);
  assert.instance(decoded.items[2], Map);
  const results = [0n, 1n, 5n, 14n];
  assert.equal(decodeResults(throughRedis(encodeResults(results)), 'job 1'), results);
  assert.equal(decodeResults(encodeResults([]), 'job 1'), []);
});

test('a task by module travels as it was sent: the worker checks it, the codec does not', () => {
  const task = { file: '/somewhere/tasks.js', name: 'run' };
  assert.equal(decodeChunk(throughRedis(encodeChunk(task, [1]))).task, task);
  assert.is(decodeChunk({ items: encodeResults([]) }).task, undefined);
});

test("a job's items are refused by name if they are not a chunk: no object, too large, too many, not an array", () => {
  const refused = (chunk: unknown, message: RegExp) =>
    assert.throws(
      () => decodeChunk(chunk),
      (error: Error) => error instanceof WorkerResultError && message.test(error.message),
    );
  refused(null, /^The job holds no chunk$/);
  refused(42, /^The job holds no chunk$/);
  refused({ task: 'echo' }, /^The job's items is not serialized data \(got undefined\)$/);
  refused(
    { task: 'echo', items: 'A'.repeat(MAX_ENCODED_CHARS + 1) },
    /^The job's items takes 100663297 characters, more than the 100663296 a chunk may$/,
  );
  refused(
    { task: 'echo', items: serialize(new Array(MAX_CHUNK_ITEMS + 1)).toString('base64') },
    /^The job's items holds 1000001 items, more than the 1000000 a chunk may$/,
  );
  refused({ task: 'echo', items: serialize('one item').toString('base64') }, /^The job's items is not an array$/);
  refused({ task: 'echo', items: 'not base64 of anything' }, /^The job's items does not decode: /);
  // The largest chunk allowed decodes.
  assert.is(
    decodeChunk({ task: 'echo', items: serialize(new Array(MAX_CHUNK_ITEMS)).toString('base64') }).items.length,
    MAX_CHUNK_ITEMS,
  );
});

test.run();

/** What a worker answers is checked against its chunk before the map walks or keeps any of it. */
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOutcome, WorkerResultError } from '../lib';
import { failureFrom } from '../lib/cpu/check-outcome';
import { decodeChunk, decodeResults, MAX_ENCODED_CHARS } from '../lib/queue/chunk-codec';

const bad = (answer: unknown, count: number, message: RegExp) =>
  assert.throws(
    () => checkOutcome(answer, count, 'job 7'),
    (error: Error) => error instanceof WorkerResultError && message.test(error.message),
  );

test('an answer of the right shape passes; every wrong shape fails by name, before anything is walked', () => {
  assert.equal(checkOutcome({ ok: true, results: [1, 2n] }, 2, 'job 7'), { ok: true, results: [1, 2n] });
  assert.equal(checkOutcome({ ok: false, offset: 1, message: 'boom' }, 2, 'job 7'), {
    ok: false,
    offset: 1,
    message: 'boom',
    stack: undefined,
  });
  bad(42, 2, /from job 7 to a chunk of 2 items is not a chunk outcome \(got number\)/);
  bad(null, 2, /not a chunk outcome/);
  bad({ ok: true, results: 'ab' }, 2, /has no results array/);
  bad({ ok: true, results: [1] }, 2, /holds 1 results/);
  // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test.
  bad({ ok: true, results: [1, , 3] }, 3, /has no result at position 1/);
  bad({ ok: false, offset: 5, message: 'x' }, 2, /failure at position 5/);
  bad({ ok: false, offset: 0 }, 2, /without a message/);
  bad({ ok: 'yes' }, 2, /neither ok: true nor ok: false/);
  // An array that claims 2^32 - 1 items: refused by its length at once, not walked for minutes.
  const started = performance.now();
  bad({ ok: true, results: new Array(2 ** 32 - 1) }, 5, /holds 4294967295 results/);
  assert.ok(performance.now() - started < 1_000);
});

test('a failure is a failure whatever its text claims', () => {
  const forged = failureFrom(JSON.stringify({ ok: true, results: [1, 2] }), 2, 'job 9');
  assert.is(forged.ok, false);
  assert.match(forged.message, 'job 9 failed: {"ok":true');
  assert.equal(failureFrom(JSON.stringify({ ok: false, offset: 1, message: 'negative' }), 2, 'job 9'), {
    ok: false,
    offset: 1,
    message: 'negative',
    stack: undefined,
  });
  assert.is(failureFrom('x'.repeat(10_000), 2, 'job 9').message.length < 4_100, true);
});

test('queue payloads: sizes checked before decoding, counts after, each by name', () => {
  const results = serialize([1, 2]).toString('base64');
  assert.equal(decodeResults(results, 'job 3'), [1, 2]);
  assert.throws(() => decodeResults(7, 'job 3'), /The result of job 3 is not serialized data \(got number\)/);
  assert.throws(() => decodeResults('a'.repeat(MAX_ENCODED_CHARS + 4), 'job 3'), /more than the/);
  assert.throws(() => decodeResults(serialize({ a: 1 }).toString('base64'), 'job 3'), /is not an array/);
  assert.throws(
    () => decodeResults(serialize(new Array(2 ** 32 - 1)).toString('base64'), 'job 3'),
    /holds 4294967295 items, more than the 1000000/,
  );
  assert.throws(() => decodeResults('!!!!', 'job 3'), /does not decode/);
  assert.throws(() => decodeChunk({ task: 'echo', items: 5 }), /The job's items is not serialized data/);
  assert.throws(() => decodeChunk('nope'), /holds no chunk/);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AttemptCounter, faultFor } from '../lib/io/faults';
import { collectGarbage } from './helpers/gc';

test('faultFor decides by path and attempt: the same answer whatever the order, about the rate asked', () => {
  const faults = { rate: 0.1, seed: 7 };
  const first = Array.from({ length: 5000 }, (_, index) => faultFor(faults, `/page/${index}`, 1));
  const again = Array.from({ length: 5000 }, (_, index) => faultFor(faults, `/page/${index}`, 1));
  assert.equal(first, again);
  const share = first.filter(Boolean).length / first.length;
  assert.ok(share > 0.08 && share < 0.12, `${share}`);
  assert.is(faultFor(undefined, '/page/1', 1), null);
});

test("AttemptCounter counts each path's requests and forgets the least recently asked for past its limit", () => {
  const counter = new AttemptCounter(3);
  assert.equal(
    ['a', 'a', 'b', 'c', 'a'].map((path) => counter.next(path)),
    [1, 2, 1, 1, 3],
  );
  counter.next('d'); // four paths: 'b' was asked for least recently
  assert.is(counter.size, 3);
  assert.is(counter.next('b'), 1, 'b was forgotten');
  assert.is(counter.next('a'), 4, 'a was kept');
});

function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

test("AttemptCounter's memory does not grow with the paths' length: 20 000 paths of 4 KB hold under 8 MB", () => {
  const counter = new AttemptCounter();
  const before = heapUsedAfterGc();
  // Kept as strings, these paths would hold 80 MB; each is garbage once counted.
  for (let index = 0; index < 20_000; index++) counter.next(`/page/${index}/${'x'.repeat(4096)}`);
  const heldMB = (heapUsedAfterGc() - before) / 1e6;
  assert.is(counter.size, 20_000);
  assert.ok(heldMB < 8, `${heldMB.toFixed(1)} MB held`);
});

test.run();

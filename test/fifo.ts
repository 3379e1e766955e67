/** The pool's queue of waiting chunks: first in, first out, at any length. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fifo } from '../lib/cpu/fifo';

test('items come out in the order they went in, interleaved with pushes, across its compactions', () => {
  const fifo = new Fifo<number>();
  const out: number[] = [];
  let next = 0;
  // Push three, take two, many times over: the queue grows while its front is taken, as a pool's does.
  for (let round = 0; round < 5_000; round++) {
    for (let i = 0; i < 3; i++) fifo.push(next++);
    out.push(fifo.shift()!, fifo.shift()!);
    assert.is(fifo.length, round + 1);
  }
  out.push(...fifo.drain());
  assert.equal(
    out,
    Array.from({ length: next }, (_, index) => index),
  );
  assert.is(fifo.length, 0);
  assert.is(fifo.shift(), undefined);
});

test('drain empties it, and it works on afterwards', () => {
  const fifo = new Fifo<string>();
  fifo.push('a');
  fifo.push('b');
  assert.is(fifo.shift(), 'a');
  assert.equal(fifo.drain(), ['b']);
  assert.equal(fifo.drain(), []);
  fifo.push('c');
  assert.equal([fifo.length, fifo.shift(), fifo.length], [1, 'c', 0]);
});

test('unshift puts items back in front, in their order, before what was waiting', () => {
  const fifo = new Fifo<number>();
  for (let i = 0; i < 2_000; i++) fifo.push(i);
  for (let i = 0; i < 1_500; i++) fifo.shift();
  fifo.unshift([-2, -1]);
  fifo.unshift([]);
  assert.is(fifo.length, 502);
  assert.equal([fifo.shift(), fifo.shift(), fifo.shift()], [-2, -1, 1_500]);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { amdahlSerialFraction, amdahlSpeedup } from '../lib';

test('the Amdahl fit recovers the serial fraction that produced the speedups', () => {
  const rows = [1, 2, 3, 4].map((workers) => ({ workers, speedup: amdahlSpeedup(0.1, workers, 4) }));
  assert.ok(Math.abs(amdahlSerialFraction(rows, 4) - 0.1) < 1e-9);
});

test('workers past the core count count as the core count (re-running with [1, 3] on 2 cores works)', () => {
  const rows = [
    { workers: 1, speedup: 1 },
    { workers: 3, speedup: amdahlSpeedup(0.2, 3, 2) },
  ];
  assert.ok(Math.abs(amdahlSerialFraction(rows, 2) - 0.2) < 1e-9);
  assert.throws(() => amdahlSerialFraction([{ workers: 1, speedup: 1 }], 2), /more than one worker/);
});

test.run();

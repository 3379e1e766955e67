import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIB, rssMiB, withPeakMemory } from '../lib';
import { collectGarbage } from './helpers/gc';

test('rssMiB reads the resident memory, and it grows by what a filled buffer holds', async () => {
  // Earlier tests' garbage, freed by the collection a 128 MiB allocation sets off, would be counted
  // against the growth (seen: 20 MiB in a long test run): collect it first.
  collectGarbage();
  const before = rssMiB();
  assert.ok(before > 10, `${before} MiB`);
  const { result, peakGrowthMiB, wallMs } = await withPeakMemory(async () => {
    const held = Buffer.alloc(128 * MIB, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return held.length;
  });
  assert.is(result, 128 * MIB);
  assert.ok(wallMs >= 19);
  // A filled 128 MiB buffer is resident while held; the margin is for the allocator's own ways.
  assert.ok(peakGrowthMiB >= 100, `peak growth ${peakGrowthMiB} MiB`);
});

test('withPeakMemory stops sampling also when fn throws', async () => {
  let caught: unknown;
  try {
    await withPeakMemory(() => {
      throw new Error('boom');
    });
  } catch (error) {
    caught = error;
  }
  assert.match(String(caught), 'boom');
  assert.equal(
    process.getActiveResourcesInfo().filter((name) => name === 'Timeout'),
    [],
  );
});

test.run();

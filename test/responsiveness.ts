import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { responsivenessComparison } from '../lib';
import { hasPython } from './helpers/python';

test("a cooperative loop stops its timers while computing; a preemptive thread and a worker thread don't", async () => {
  const blockMs = 400;
  const rows = await responsivenessComparison({ blockMs });
  const row = (how: RegExp) => rows.find((r) => how.test(r.how))!;
  // Lower bounds for the blocked ones (load only makes them later), comparisons for the free ones.
  const mainThread = row(/the main thread computes/);
  assert.ok(mainThread.maxLateMs >= 0.8 * blockMs, `Node main thread: ${mainThread.maxLateMs} ms late`);
  assert.ok(
    row(/a worker computes/).maxLateMs < mainThread.maxLateMs / 2,
    "a worker leaves the main thread's timer alone",
  );
  assert.is(rows.length, hasPython ? 4 : 2);
  if (hasPython) {
    const asyncio = row(/coroutine computes/);
    assert.ok(asyncio.maxLateMs >= 0.8 * blockMs, `asyncio: ${asyncio.maxLateMs} ms late`);
    assert.ok(
      row(/another thread computes/).maxLateMs < asyncio.maxLateMs / 2,
      'CPython switches threads while one computes',
    );
  }
});

test('blockMs is checked by name', async () => {
  let caught: unknown;
  try {
    await responsivenessComparison({ blockMs: 5 });
  } catch (error) {
    caught = error;
  }
  assert.match(String(caught), /`blockMs`/);
});

test.run();

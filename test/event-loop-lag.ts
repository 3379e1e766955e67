import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { measureEventLoopLag, sleep, spinFor } from '../lib';
import { rejects } from './helpers/assert';

test('a 200 ms sync loop: ~200 ms lag in ticks and histogram; waiting 200 ms lets the timer tick through', async () => {
  const blocked = await measureEventLoopLag(() => spinFor(200));
  assert.ok(blocked.maxLagMs >= 150, `tick lag ${blocked.maxLagMs}`);
  assert.ok(blocked.histogram.maxMs >= 150, `histogram max ${blocked.histogram.maxMs}`);
  const free = await measureEventLoopLag(() => sleep(200));
  // Measured against the blocked run of the same moment: a busy machine delays both alike.
  assert.ok(free.maxLagMs < blocked.maxLagMs / 2, `tick lag ${free.maxLagMs} waiting vs ${blocked.maxLagMs} blocked`);
  assert.ok(
    free.ticks.length > blocked.ticks.length,
    `${free.ticks.length} ticks waiting, ${blocked.ticks.length} blocked`,
  );
});

test('a bad interval names itself', async () => {
  await rejects(
    measureEventLoopLag(() => 1, { intervalMs: 0 }),
    /`intervalMs`/,
  );
});

test.run();

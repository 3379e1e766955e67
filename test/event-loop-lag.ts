import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { measureEventLoopLag, sleep, spinFor } from '../lib';
import { rejects } from './helpers/assert';

test('a synchronous 200 ms loop shows as ~200 ms lag, in the ticks and in the histogram alike', async () => {
  const report = await measureEventLoopLag(() => spinFor(200));
  assert.ok(report.maxLagMs >= 150, `tick lag ${report.maxLagMs}`);
  assert.ok(report.histogram.maxMs >= 150, `histogram max ${report.histogram.maxMs}`);
});

test('waiting 200 ms leaves the loop free: small lag both ways', async () => {
  const report = await measureEventLoopLag(() => sleep(200));
  assert.ok(report.maxLagMs < 50, `tick lag ${report.maxLagMs}`);
  assert.ok(report.histogram.maxMs < 50, `histogram max ${report.histogram.maxMs}`);
  assert.ok(report.ticks.length >= 10);
  await rejects(measureEventLoopLag(() => 1, { intervalMs: 0 }), /`intervalMs`/);
});

test.run();

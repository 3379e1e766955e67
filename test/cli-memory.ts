import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertUsageErrors, runbook } from './helpers/cli';

test('memory --json: a row per mode and worker count; copies cost a dataset each, sharing does not', () => {
  const { status, stdout, stderr } = runbook('memory', '--dataset-mib', '64', '--workers', '1,2', '--json');
  assert.is(status, 0, stderr);
  const report = JSON.parse(stdout) as {
    datasetMiB: number;
    rows: Array<{ mode: string; workers: number; rssGrowthMiB: number }>;
  };
  assert.is(report.datasetMiB, 64);
  assert.equal(
    report.rows.map((row) => `${row.mode}×${row.workers}`),
    ['copy×1', 'copy×2', 'share×1', 'share×2'],
  );
  const copyTwo = report.rows[1].rssGrowthMiB;
  const shareTwo = report.rows[3].rssGrowthMiB;
  // Relative to sharing in the same run: heaps and the allocator's habits cost both modes alike.
  assert.ok(copyTwo - shareTwo >= 64, `copy to 2: ${copyTwo} MiB, share to 2: ${shareTwo} MiB`);
});

test('memory: bad arguments exit 2 naming the option and its limit', () => {
  assertUsageErrors([
    [['memory', '--dataset-mib', '8'], '--dataset-mib expects a whole number from 64 to 1024, got "8"'],
    [['memory', '--workers', '1,x'], '--workers expects up to 8 whole numbers from 1 to 64'],
    [['memory', '--workers', '1,,2'], '--workers expects up to 8 whole numbers'],
    [['memory', '--workers', '0'], '--workers expects up to 8 whole numbers from 1 to 64'],
    // Each copy exists at once: 1024 MiB to 64 workers is more than this machine should be asked for.
    [['memory', '--dataset-mib', '1024', '--workers', '64'], "within half this machine's memory"],
  ]);
});

test.run();

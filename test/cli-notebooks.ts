import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { CLI } from './helpers/cli';

test('RUNBOOK_QUICK other than 1 or 0 is refused by name before any notebook runs, not ignored', () => {
  const result = spawnSync(process.execPath, [CLI, 'notebooks', '--only', 'no-such-notebook'], { encoding: 'utf8', env: { ...process.env, RUNBOOK_QUICK: 'yes' }, timeout: 60_000 });
  assert.is(result.status, 2);
  assert.match(result.stderr, 'RUNBOOK_QUICK expects 1 (quick run) or 0, got "yes"');
});

test.run();

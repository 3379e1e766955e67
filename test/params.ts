import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { intListParam, intParam, isQuick, stringParam } from '../lib';

function withEnv(env: Record<string, string | undefined>, fn: () => void): void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try { fn(); } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  }
}

test('defaults apply when the variable is unset, quick values under RUNBOOK_QUICK=1', () => {
  withEnv({ RUNBOOK_QUICK: undefined, PAGE_COUNT: undefined }, () => {
    assert.is(isQuick(), false);
    assert.is(intParam('PAGE_COUNT', 50, 5), 50);
  });
  withEnv({ RUNBOOK_QUICK: '1', PAGE_COUNT: undefined }, () => assert.is(intParam('PAGE_COUNT', 50, 5), 5));
});

test('the environment overrides defaults, quick mode included', () => {
  withEnv({ RUNBOOK_QUICK: '1', WORKER_COUNTS: '1, 3,8', TARGET: 'http://127.0.0.1:1/' }, () => {
    assert.equal(intListParam('WORKER_COUNTS', [1, 2], [1]), [1, 3, 8]);
    assert.is(stringParam('TARGET', 'embedded'), 'http://127.0.0.1:1/');
  });
});

test('a bad value names its variable', () => {
  withEnv({ WORKER_COUNTS: '1,two' }, () => {
    assert.throws(() => intListParam('WORKER_COUNTS', [1]), (error: Error) => error instanceof RangeError && /WORKER_COUNTS.*"two"/.test(error.message));
  });
  withEnv({ PAGE_COUNT: '-3' }, () => assert.throws(() => intParam('PAGE_COUNT', 1), /PAGE_COUNT/));
});

test.run();

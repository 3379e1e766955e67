import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { intListParam, intParam, stringParam } from '../lib';

function withEnv(env: Record<string, string | undefined>, fn: () => void): void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('the value written in the cell is the value used when no variable is set, quick mode or not', () => {
  withEnv({ RUNBOOK_QUICK: '1', PAGE_COUNT: undefined, WORKER_COUNTS: undefined }, () => {
    assert.is(intParam('PAGE_COUNT', 50), 50);
    assert.equal(intListParam('WORKER_COUNTS', [1, 3]), [1, 3]);
    assert.is(stringParam('TARGET_URLS', ''), '');
  });
});

test('the environment overrides the cell', () => {
  withEnv({ WORKER_COUNTS: '1, 3,8', TARGET: 'http://127.0.0.1:1/', PAGE_COUNT: '7' }, () => {
    assert.equal(intListParam('WORKER_COUNTS', [1, 2]), [1, 3, 8]);
    assert.is(stringParam('TARGET', 'embedded'), 'http://127.0.0.1:1/');
    assert.is(intParam('PAGE_COUNT', 50), 7);
  });
});

test('a bad value names its variable', () => {
  withEnv({ WORKER_COUNTS: '1,two' }, () => {
    assert.throws(
      () => intListParam('WORKER_COUNTS', [1]),
      (error: Error) => error instanceof RangeError && /WORKER_COUNTS.*"1,two"/.test(error.message),
    );
  });
  // An empty item is not a zero, and hex or exponents are not counts.
  withEnv({ WORKER_COUNTS: '1,,2' }, () =>
    assert.throws(
      () => intListParam('WORKER_COUNTS', [1], { min: 1 }),
      /WORKER_COUNTS to hold whole numbers from 1 up, got "1,,2"/,
    ),
  );
  withEnv({ PAGE_COUNT: '0x10' }, () => assert.throws(() => intParam('PAGE_COUNT', 1), /PAGE_COUNT.*"0x10"/));
  withEnv({ PAGE_COUNT: '1e12' }, () => assert.throws(() => intParam('PAGE_COUNT', 1), /PAGE_COUNT.*"1e12"/));
  withEnv({ PAGE_COUNT: '-3' }, () => assert.throws(() => intParam('PAGE_COUNT', 1), /PAGE_COUNT/));
});

test('bounds hold for the environment and for the value written in the cell, naming the parameter', () => {
  withEnv({ WORKERS: '400' }, () =>
    assert.throws(
      () => intParam('WORKERS', 2, { min: 1, max: 64 }),
      /WORKERS to hold whole numbers from 1 to 64, got "400"/,
    ),
  );
  withEnv({ WORKERS: undefined, WORKER_COUNTS: undefined }, () => {
    // A reader who edits the cell to 0 hears about WORKERS, not about an option of a lib function.
    assert.throws(
      () => intParam('WORKERS', 0, { min: 1, max: 64 }),
      /Expected WORKERS to hold whole numbers from 1 to 64, got 0/,
    );
    assert.throws(
      () => intListParam('WORKER_COUNTS', [1, 0], { min: 1 }),
      /Expected WORKER_COUNTS to hold whole numbers from 1 up, got \[1,0\]/,
    );
    assert.throws(() => intListParam('WORKER_COUNTS', [], { min: 1 }), /WORKER_COUNTS/);
    assert.is(intParam('WORKERS', 64, { min: 1, max: 64 }), 64);
  });
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortError, LockTimeoutError, TaskError, WorkerCrashError } from '../lib';

test('each error says what it is by name and by class', () => {
  for (const [error, name] of [
    [new TaskError(3, 'bad'), 'TaskError'],
    [new WorkerCrashError('died'), 'WorkerCrashError'],
    [new AbortError(), 'AbortError'],
    [new LockTimeoutError('held'), 'LockTimeoutError'],
  ] as const) {
    assert.is(error.name, name);
    assert.instance(error, Error);
  }
});

test("TaskError names the item and keeps the worker's stack", () => {
  const error = new TaskError(7, 'negative input', 'RangeError: negative input\n    at failIfNegative');
  assert.is(error.message, 'item 7: negative input');
  assert.is(error.index, 7);
  assert.match(error.stack ?? '', /--- in worker ---\nRangeError: negative input/);
});

test("AbortError.from carries the signal's reason as its cause", () => {
  const reason = new Error('user pressed stop');
  assert.is(AbortError.from(AbortSignal.abort(reason)).cause, reason);
});

test.run();

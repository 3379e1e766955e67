import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism } from 'node:os';
import { compareWaitingAndComputing, CONFLICT_SCHEDULES } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

test('waiting overlaps on the event loop, computing only on worker threads; the pool is gone afterwards', async () => {
  assert.ok(availableParallelism() >= 2, 'computing can only overlap on two cores or more');
  const noThreadLeft = threadBaseline();
  const rows = await compareWaitingAndComputing({ taskCount: 8, taskMs: 40, workers: 2 });
  const wall = (work: string, schedule: string) => rows.find((r) => r.work === work && r.schedule === schedule)!.wallMs;
  assert.equal(rows.map((r) => r.schedule), [...CONFLICT_SCHEDULES, ...CONFLICT_SCHEDULES]);
  assert.ok(wall('waiting', 'all at once') < wall('waiting', 'one after another') / 4, 'waits overlap on one thread');
  assert.ok(wall('computing', 'all at once') > wall('computing', 'one after another') * 0.9, 'computing does not overlap on one thread');
  assert.ok(wall('computing', 'on worker threads') < wall('computing', 'one after another') * 0.75, 'two workers compute side by side');
  assert.ok(wall('waiting', 'on worker threads') > wall('waiting', 'all at once') * 2, 'two workers waiting one task at a time overlap only two waits');
  await noThreadLeft();
});

test('works picks the kinds of work: computing alone gives its three schedules', async () => {
  const rows = await compareWaitingAndComputing({ taskCount: 2, taskMs: 10, workers: 2, works: ['computing'] });
  assert.equal(rows.map((r) => [r.work, r.schedule]), CONFLICT_SCHEDULES.map((schedule) => ['computing', schedule]));
});

test('bad sizes and kinds of work name themselves', async () => {
  await rejects(compareWaitingAndComputing({ taskCount: 0 }), /`taskCount`/);
  await rejects(compareWaitingAndComputing({ taskMs: 0 }), /`taskMs`/);
  await rejects(compareWaitingAndComputing({ workers: 1.5 }), /`workers`/);
  await rejects(compareWaitingAndComputing({ works: ['sleeping' as never] }), /`works`/);
});

test.run();

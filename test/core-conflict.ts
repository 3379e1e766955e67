import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism } from 'node:os';
import { compareWaitingAndComputing, CONFLICT_SCHEDULES, type ConflictRow, mostAtOnce } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

// What ran at the same time is read from each task's own start and end, so these hold on one core
// or two, idle or busy: the timings only say how long, the spans say what overlapped.
test('waiting overlaps on the event loop, computing never does; on worker threads both do, a worker each', async () => {
  const rows = await compareWaitingAndComputing({ taskCount: 8, taskMs: 40, workers: 2 });
  const row = (work: ConflictRow['work'], schedule: ConflictRow['schedule']) =>
    rows.find((r) => r.work === work && r.schedule === schedule)!;
  assert.equal(
    rows.map((r) => r.schedule),
    [...CONFLICT_SCHEDULES, ...CONFLICT_SCHEDULES],
  );
  assert.ok(rows.every((r) => r.spans.length === 8));
  assert.is(mostAtOnce(row('waiting', 'one after another').spans), 1);
  assert.is(mostAtOnce(row('waiting', 'all at once').spans), 8, 'all eight waits at once on one thread');
  assert.is(
    mostAtOnce(row('computing', 'all at once').spans),
    1,
    'computing on one thread never overlaps, async or not',
  );
  assert.is(mostAtOnce(row('computing', 'on worker threads').spans), 2, 'two workers compute at the same time');
  assert.is(mostAtOnce(row('waiting', 'on worker threads').spans), 2, 'a worker waits for one task at a time');
  assert.ok(row('waiting', 'one after another').wallMs >= 8 * 39, 'eight waits in turn take eight waits');
  // Each row is the median of three runs, with the fastest and slowest beside it.
  assert.ok(
    rows.every((r) => r.minMs <= r.wallMs && r.wallMs <= r.maxMs && r.minMs < r.maxMs),
    'three runs, three different times',
  );
  await noThreadLeft();
});

test('computing is work, not time: twice as many workers as cores gain no more than the cores', async () => {
  // A stand-in that computed until a clock said stop would finish 2 × cores tasks in one task's time.
  const cores = availableParallelism();
  const rows = await compareWaitingAndComputing({
    taskCount: 4 * cores,
    taskMs: 30,
    workers: 2 * cores,
    works: ['computing'],
  });
  const wall = (schedule: ConflictRow['schedule']) => rows.find((r) => r.schedule === schedule)!.wallMs;
  const speedup = wall('one after another') / wall('on worker threads');
  // A busy machine only lowers the speedup; the margin is for the sequential run's own noise.
  assert.ok(speedup <= cores * 1.3, `${speedup.toFixed(2)}× with ${2 * cores} workers on ${cores} cores`);
});

test('mostAtOnce counts the spans open at one moment; one ending as another starts is not an overlap', () => {
  assert.is(mostAtOnce([]), 0);
  assert.is(
    mostAtOnce([
      { startMs: 0, endMs: 10 },
      { startMs: 10, endMs: 20 },
    ]),
    1,
  );
  assert.is(
    mostAtOnce([
      { startMs: 0, endMs: 10 },
      { startMs: 5, endMs: 20 },
      { startMs: 6, endMs: 7 },
    ]),
    3,
  );
});

test('works picks the kinds of work: computing alone gives its three schedules', async () => {
  const rows = await compareWaitingAndComputing({ taskCount: 2, taskMs: 10, workers: 2, works: ['computing'] });
  assert.equal(
    rows.map((r) => [r.work, r.schedule]),
    CONFLICT_SCHEDULES.map((schedule) => ['computing', schedule]),
  );
});

test('bad sizes and kinds of work name themselves', async () => {
  await rejects(compareWaitingAndComputing({ taskCount: 0 }), /`taskCount`/);
  await rejects(compareWaitingAndComputing({ taskMs: 0 }), /`taskMs`/);
  await rejects(compareWaitingAndComputing({ workers: 1.5 }), /`workers`/);
  await rejects(compareWaitingAndComputing({ workers: 65 }), /`workers` to be a whole number from 1 to 64, got 65/);
  await rejects(compareWaitingAndComputing({ works: ['sleeping' as never] }), /`works`/);
  await rejects(compareWaitingAndComputing({ runs: 0 }), /`runs`/);
});

test.run();

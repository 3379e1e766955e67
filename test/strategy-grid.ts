import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { guideNumbers, strategyGrid, STRATEGIES } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

// Counted when this file starts, not when uvu loads every file.
let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('the grid measures every workload × strategy; waits overlap on the event loop', async () => {
  const cells = await strategyGrid({
    pageCount: 8,
    latencyMs: 40,
    concurrency: 4,
    numbers: guideNumbers(4, 100_000),
    workers: 2,
  });
  assert.equal(
    cells.map((c) => `${c.workload}/${c.strategy}`),
    ['I/O', 'CPU'].flatMap((w) => STRATEGIES.map((s) => `${w}/${s}`)),
  );
  const wall = (workload: string, strategy: string) =>
    cells.find((c) => c.workload === workload && c.strategy === strategy)!.wallMs;
  assert.ok(wall('I/O', 'sequential') >= 8 * 40, 'sequential I/O waits for every page in turn');
  assert.ok(wall('I/O', 'event loop') >= 2 * 40, 'four in flight still wait two rounds for eight pages');
  // Four times faster ideally (80 vs 320 ms): only a loop stalled for most of a second could lose that.
  assert.ok(wall('I/O', 'event loop') < wall('I/O', 'sequential'), 'four in flight beat one at a time');
  assert.ok(cells.every((c) => Number.isFinite(c.memoryMiB)));
});

test('bad grid options name the problem; no worker left behind', async () => {
  await rejects(strategyGrid({ numbers: [] }), /`numbers`/);
  await rejects(strategyGrid({ numbers: [1], pageCount: 0 }), /`pageCount`/);
  await rejects(strategyGrid({ numbers: [1], concurrency: 1, workers: 2 }), /`concurrency`/);
  await noThreadLeft();
});

test.run();

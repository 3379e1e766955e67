import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { guideNumbers, strategyGrid, STRATEGIES } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';

const noThreadLeft = threadBaseline();

test('the grid measures every workload × strategy; waits overlap on the event loop', async () => {
  const cells = await strategyGrid({ pageCount: 8, latencyMs: 40, concurrency: 4, numbers: guideNumbers(4, 100_000), workers: 2 });
  assert.equal(cells.map((c) => `${c.workload}/${c.strategy}`), ['I/O', 'CPU'].flatMap((w) => STRATEGIES.map((s) => `${w}/${s}`)));
  const wall = (workload: string, strategy: string) => cells.find((c) => c.workload === workload && c.strategy === strategy)!.wallMs;
  assert.ok(wall('I/O', 'sequential') >= 8 * 40, 'sequential I/O waits for every page in turn');
  assert.ok(wall('I/O', 'event loop') < wall('I/O', 'sequential') / 2, 'four in flight beat one at a time');
  assert.ok(cells.every((c) => Number.isFinite(c.memoryMiB)));
});

test('bad grid options name the problem; no worker left behind', async () => {
  await rejects(strategyGrid({ numbers: [] }), /`numbers`/);
  await rejects(strategyGrid({ numbers: [1], pageCount: 0 }), /`pageCount`/);
  await rejects(strategyGrid({ numbers: [1], concurrency: 1, workers: 2 }), /`concurrency`/);
  await noThreadLeft();
});

test.run();

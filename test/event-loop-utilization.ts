import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runningCount, workerUtilization } from '../lib';
import { childProcesses, rejects, threadBaseline, until } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test("a computing worker's event loop is busy nearly always; one waiting on the network nearly never", async () => {
  const before = runningCount();
  const rows = await workerUtilization({ windowMs: 300, latencyMs: 50 });
  assert.equal(
    rows.map((row) => row.thread),
    ['computing worker', 'waiting worker', 'main thread'],
  );
  const [computing, waiting, main] = rows;
  // Shares of the loop's own time, not speeds: a loaded machine stretches both parts alike.
  assert.ok(computing.utilization > 0.8, `computing: ${computing.utilization}`);
  assert.ok(waiting.utilization < 0.5, `waiting: ${waiting.utilization}`);
  assert.ok(main.utilization < 0.5, `main: ${main.utilization}`);
  for (const row of rows) assert.ok(Math.abs(row.utilization - row.activeMs / (row.activeMs + row.idleMs)) < 1e-9);
  assert.is(runningCount(), before);
  assert.ok(await until(() => childProcesses().length === 0), 'the latency server process is gone');
  await noThreadLeft();
});

test('bad options are refused by name', async () => {
  await rejects(workerUtilization({ windowMs: 0 }), /`windowMs`/);
  await rejects(workerUtilization({ latencyMs: -1 }), /`latencyMs`/);
});

test.run();

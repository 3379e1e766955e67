/** The queue past this machine: Redis's time per job, measured, and the throughput model built on it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { measureQueueCapacity, projectThroughput, type QueueCapacity, rayTaskCost } from '../lib';
import { childProcesses, rejects, until } from './helpers/assert';

const capacity: QueueCapacity = {
  redisMicrosPerJob: 100,
  commandsPerJob: 40,
  pingMicros: 20,
  jobMicros: 700,
  jobs: 400,
};

test('the model: every core busy until Redis, at 1 / its time per job, caps the jobs per second', () => {
  // 10 ms tasks, 2 cores: 200 items/s per machine; Redis at 100 µs per job: 10 000 jobs/s.
  const rows = projectThroughput(capacity, { machines: [1, 10, 50, 100], cores: 2, taskMs: 10, itemsPerJob: 1 });
  assert.equal(
    rows.map((r) => r.itemsPerSecond),
    [200, 2000, 10_000, 10_000],
  );
  assert.equal(
    rows.map((r) => r.limit),
    ['cores', 'cores', 'cores', 'Redis'],
  );
  // Chunks of 100 items raise the ceiling a hundredfold.
  assert.is(
    projectThroughput(capacity, { machines: [100], cores: 2, taskMs: 10, itemsPerJob: 100 })[0].itemsPerSecond,
    20_000,
  );
});

test('the model refuses a task time or a chunk size it cannot use, by name', () => {
  assert.throws(() => projectThroughput(capacity, { machines: [1], cores: 2, taskMs: 0, itemsPerJob: 1 }), /`taskMs`/);
  assert.throws(
    () => projectThroughput(capacity, { machines: [1], cores: 2, taskMs: 10, itemsPerJob: 0.5 }),
    /`itemsPerJob`/,
  );
});

test('Redis spends measurable time on each job, a job takes several commands, and nothing is left after', async () => {
  const measured = await measureQueueCapacity({ jobs: 50, workers: 1 });
  assert.ok(measured.redisMicrosPerJob > 0, `Redis time per job: ${measured.redisMicrosPerJob}`);
  // Adding a job, a worker taking it, finishing it and its events are each Redis commands.
  assert.ok(measured.commandsPerJob >= 5, `commands per job: ${measured.commandsPerJob}`);
  assert.ok(measured.pingMicros > 0 && measured.jobMicros > measured.pingMicros);
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
  await rejects(measureQueueCapacity({ jobs: 5 }), /`jobs`/);
});

test("Ray's comparison checks its arguments before starting python3", () => {
  assert.throws(() => rayTaskCost({ workers: 0 }), /`workers`/);
  assert.throws(() => rayTaskCost({ tasks: 1e6 }), /`tasks`/);
});

test.run();

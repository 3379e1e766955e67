/** The queue past this machine: Redis's time per job, measured, and the throughput model built on it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  measureQueueCapacity,
  projectThroughput,
  type QueueCapacity,
  rayTaskCost,
  redisCommandCalls,
  redisMainThreadCpuMicros,
} from '../lib';
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

// What Redis 7 answered after `EVAL "for i=1,1000 do redis.call('incr','k') end" 0`: the INCRs inside the
// script are counted on their own line and again in EVAL's usec.
const afterScript = {
  commandstats:
    '# Commandstats\r\ncmdstat_eval:calls=1,usec=453,usec_per_call=453.00,rejected_calls=0,failed_calls=0\r\n' +
    'cmdstat_config|resetstat:calls=1,usec=41,usec_per_call=41.00,rejected_calls=0,failed_calls=0\r\n' +
    'cmdstat_incr:calls=1000,usec=146,usec_per_call=0.15,rejected_calls=0,failed_calls=0\r\n',
  cpu:
    '# CPU\r\nused_cpu_sys:0.013775\r\nused_cpu_user:0.015227\r\nused_cpu_sys_children:0.000000\r\n' +
    'used_cpu_user_children:0.000000\r\nused_cpu_sys_main_thread:0.012107\r\nused_cpu_user_main_thread:0.016143\r\n',
};

test("Redis's time is its main thread's CPU, not commandstats' usec, which counts a script's calls twice", () => {
  assert.is(redisCommandCalls(afterScript.commandstats), 1002);
  assert.is(Math.round(redisMainThreadCpuMicros(afterScript.cpu)), 28250);
  // A Redis before 6.2 gives the process's CPU only.
  const olderCpu = afterScript.cpu.replace(/^used_cpu_\w+_main_thread:.*\r\n/gm, '');
  assert.is(Math.round(redisMainThreadCpuMicros(olderCpu)), 29002);
});

test("Ray's comparison checks its arguments before starting python3", () => {
  assert.throws(() => rayTaskCost({ workers: 0 }), /`workers`/);
  assert.throws(() => rayTaskCost({ tasks: 1e6 }), /`tasks`/);
});

test.run();

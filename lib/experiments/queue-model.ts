/**
 * Past this machine, on paper: how far the queue scales with more machines, projected from what one
 * job costs Redis here. Redis runs commands on one thread, so the time it spends per job sets a
 * ceiling on jobs per second however many workers pull; below that ceiling, the workers' cores are
 * the limit. A model, labelled as one: it leaves out the network, Redis's memory and slow workers.
 */
import IORedis from 'ioredis';
import { checkMs, checkWhole } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import { LIMITS } from '../limits';
import { measure, medianOf } from '../measure/timing';
import { withQueuePool } from '../queue/queue-pool';
import { startRedisServer } from '../queue/redis-server';

export interface QueueCapacity {
  /**
   * CPU time of Redis's main thread per job, over a map of one-item jobs (INFO cpu: its commands, and
   * reading and writing its sockets), the thread that caps the queue.
   */
  redisMicrosPerJob: number;
  /**
   * Redis commands per job: adding it, a worker taking it, renewing, finishing, the events; those
   * BullMQ's Lua scripts run inside an EVALSHA count as well (INFO commandstats counts both).
   */
  commandsPerJob: number;
  /** A PING's round trip from this process (median of 200): the network's part, on loopback here. */
  pingMicros: number;
  /** One job end to end, as the map saw it (jobs in flight at once). */
  jobMicros: number;
  jobs: number;
}

/** Every command Redis ran since the last RESETSTAT (from INFO commandstats), a script's own calls included. */
export function redisCommandCalls(info: string): number {
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_[\w|]+:calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}

/**
 * CPU time of Redis's main thread so far, in µs (INFO cpu, Redis 6.2 and later; the whole process
 * before). Not commandstats' usec: a script's EVALSHA counts the time of the calls inside it, which
 * are counted again on their own lines.
 */
export function redisMainThreadCpuMicros(info: string): number {
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  const main = field('used_cpu_sys_main_thread') + field('used_cpu_user_main_thread');
  return 1e6 * (Number.isNaN(main) ? field('used_cpu_sys') + field('used_cpu_user') : main);
}

/**
 * Map `jobs` empty one-item jobs through a queue on a Redis started here, and read what Redis spent.
 * @example const capacity = await measureQueueCapacity({ jobs: 400 });
 */
export async function measureQueueCapacity({ jobs = 400, workers = 2 } = {}): Promise<QueueCapacity> {
  checkWhole('jobs', jobs, { ...LIMITS.tasks, min: 10 });
  const redis = await startRedisServer();
  const admin = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  try {
    return await withQueuePool({ redis: redis.url, workers }, async (pool) => {
      const items = Array.from({ length: jobs }, (_, index) => index);
      await parallelMap(items.slice(0, 20), 'echo', { pool, chunkSize: 1 });
      const ping = await medianOf(200, () => admin.ping());
      await admin.config('RESETSTAT');
      const cpuBefore = redisMainThreadCpuMicros(await admin.info('cpu'));
      const { ms } = await measure(() => parallelMap(items, 'echo', { pool, chunkSize: 1 }));
      const cpuAfter = redisMainThreadCpuMicros(await admin.info('cpu'));
      const calls = redisCommandCalls(await admin.info('commandstats'));
      return {
        redisMicrosPerJob: (cpuAfter - cpuBefore) / jobs,
        commandsPerJob: calls / jobs,
        pingMicros: ping.ms * 1000,
        jobMicros: (ms * 1000) / jobs,
        jobs,
      };
    });
  } finally {
    admin.disconnect();
    await redis.stop();
  }
}

export interface ProjectedRow {
  machines: number;
  itemsPerSecond: number;
  /** What caps this row: the workers' cores, or Redis's one thread. */
  limit: 'cores' | 'Redis';
}

/**
 * Items per second against machines: min(every core busy, Redis's ceiling of 1 / its time per job),
 * with `itemsPerJob` items in each job.
 * @example projectThroughput(capacity, { machines: [1, 10, 100], cores: 2, taskMs: 10, itemsPerJob: 1 })
 */
export function projectThroughput(
  capacity: QueueCapacity,
  { machines, cores, taskMs, itemsPerJob }: { machines: number[]; cores: number; taskMs: number; itemsPerJob: number },
): ProjectedRow[] {
  checkMs('taskMs', taskMs, LIMITS.taskMs);
  checkWhole('itemsPerJob', itemsPerJob, { min: 1 });
  const redisCeiling = (1e6 / capacity.redisMicrosPerJob) * itemsPerJob;
  return machines.map((count) => {
    const byCores = (count * cores * 1000) / taskMs;
    return {
      machines: count,
      itemsPerSecond: Math.min(byCores, redisCeiling),
      limit: byCores <= redisCeiling ? 'cores' : 'Redis',
    };
  });
}

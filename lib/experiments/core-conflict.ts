/**
 * The core conflict in one experiment: the same number of tasks, each either waiting (a timer,
 * like a network reply) or computing (a busy loop), run one after another, all at once on the event
 * loop, and on worker threads. Waiting overlaps on the event loop; computing only on worker threads.
 */
import { availableParallelism } from 'node:os';
import { parallelMap } from '../cpu/parallel-map';
import { withWorkerPool } from '../cpu/worker-pool';
import { sleep } from '../workloads/sleep';
import { spinFor } from '../workloads/spin';
import { measure } from '../measure/timing';

/** The schedules `compareWaitingAndComputing` runs each kind of work on. */
export const CONFLICT_SCHEDULES = ['one after another', 'all at once', 'on worker threads'] as const;

/** One row of `compareWaitingAndComputing`. */
export interface ConflictRow {
  work: 'waiting' | 'computing';
  schedule: (typeof CONFLICT_SCHEDULES)[number];
  wallMs: number;
}

/**
 * Run `taskCount` tasks of `taskMs` each, waiting or computing: one after another, all at once with
 * `Promise.all` on this thread, and spread over `workers` worker threads (a pool started beforehand,
 * one task at a time per worker, as a thread pool runs them). `works` picks the kinds of work to run.
 * @example const rows = await compareWaitingAndComputing({ taskCount: 10, taskMs: 50 });
 */
export async function compareWaitingAndComputing({ taskCount = 10, taskMs = 50, workers = availableParallelism(), works = ['waiting', 'computing'] }: { taskCount?: number; taskMs?: number; workers?: number; works?: ConflictRow['work'][] } = {}): Promise<ConflictRow[]> {
  if (!Number.isInteger(taskCount) || taskCount < 1) throw new RangeError('Expected `taskCount` to be a whole number from 1 up');
  if (!(taskMs > 0)) throw new RangeError('Expected `taskMs` to be a positive number of milliseconds');
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('Expected `workers` to be a whole number from 1 up');
  const onThisThread = {
    waiting: () => sleep(taskMs),
    computing: async () => { spinFor(taskMs); },
  };
  if (!Array.isArray(works) || works.length === 0 || !works.every((work) => work in onThisThread)) throw new RangeError('Expected `works` to list "waiting", "computing" or both');
  const workerTask = { waiting: 'sleep', computing: 'spin' } as const;
  return withWorkerPool({ workers }, async (pool) => {
    // Every worker loads and compiles its task code before the clock runs.
    await parallelMap(Array(workers).fill(1), 'spin', { pool, chunkSize: 1 });
    const rows: ConflictRow[] = [];
    for (const work of works) {
      const task = onThisThread[work];
      const sequential = await measure(async () => { for (let i = 0; i < taskCount; i++) await task(); });
      rows.push({ work, schedule: 'one after another', wallMs: sequential.ms });
      const concurrent = await measure(() => Promise.all(Array.from({ length: taskCount }, task)));
      rows.push({ work, schedule: 'all at once', wallMs: concurrent.ms });
      const spread = await measure(() => parallelMap(Array(taskCount).fill(taskMs), workerTask[work], { pool, chunkSize: 1 }));
      rows.push({ work, schedule: 'on worker threads', wallMs: spread.ms });
    }
    return rows;
  });
}

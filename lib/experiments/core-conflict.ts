/**
 * The core conflict in one experiment: the same number of tasks, each either waiting (a timer,
 * like a network reply) or computing (a fixed amount of CPU work), run one after another, all at once
 * on the event loop, and on worker threads. Waiting overlaps on the event loop; computing only on
 * worker threads, and only as far as there are cores to run them.
 */
import { checkSomeOf } from '../check-choice';
import { checkMs, checkWhole } from '../check-range';
import { parallelMap } from '../cpu/parallel-map';
import type { Span } from '../cpu/tasks';
import { withWorkerPool } from '../cpu/worker-pool';
import { tasks } from '../cpu/tasks';
import { defaultWorkerCount, LIMITS } from '../limits';
import { checkRuns, epochMs, medianRun } from '../measure/timing';
import { workRate } from '../workloads/spin';

/** The schedules `compareWaitingAndComputing` runs each kind of work on. */
export const CONFLICT_SCHEDULES = ['one after another', 'all at once', 'on worker threads'] as const;

/** The kinds of work `compareWaitingAndComputing` runs: a timer, or a busy loop. */
export const CONFLICT_WORKS = ['waiting', 'computing'] as const;

/** When one task ran, in ms since its schedule started. */
export interface TaskSpan {
  startMs: number;
  endMs: number;
}

/** One row of `compareWaitingAndComputing`. */
export interface ConflictRow {
  work: (typeof CONFLICT_WORKS)[number];
  schedule: (typeof CONFLICT_SCHEDULES)[number];
  /** The median run's wall time. */
  wallMs: number;
  /** The fastest and the slowest run. */
  minMs: number;
  maxMs: number;
  /** Each task's start and end in the median run, in task order: which ran at the same time. */
  spans: TaskSpan[];
}

/** The largest number of spans open at one moment. */
export function mostAtOnce(spans: readonly TaskSpan[]): number {
  const events = spans
    .flatMap((span) => [
      [span.startMs, 1],
      [span.endMs, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of events) most = Math.max(most, (open += change));
  return most;
}

/**
 * Run `taskCount` tasks of about `taskMs` each, waiting or computing: one after another, all at once
 * with `Promise.all` on this thread, and spread over `workers` worker threads (a pool started
 * beforehand, one task at a time per worker, as a thread pool runs them). A computing task is a fixed
 * amount of work, sized to take `taskMs` on this thread: on fewer cores than workers it takes longer.
 * `works` picks the kinds of work to run; each schedule runs `runs` times, and its row is the median run.
 * @example const rows = await compareWaitingAndComputing({ taskCount: 10, taskMs: 50 });
 */
export async function compareWaitingAndComputing({
  taskCount = 10,
  taskMs = 50,
  workers = defaultWorkerCount(),
  works = [...CONFLICT_WORKS],
  runs = 3,
}: {
  taskCount?: number;
  taskMs?: number;
  workers?: number;
  works?: ConflictRow['work'][];
  runs?: number;
} = {}): Promise<ConflictRow[]> {
  checkWhole('taskCount', taskCount, LIMITS.tasks);
  checkMs('taskMs', taskMs, LIMITS.taskMs);
  checkWhole('workers', workers, LIMITS.workers);
  checkRuns(runs, 100);
  checkSomeOf('works', works, CONFLICT_WORKS);
  const iterations = Math.round(workRate() * taskMs);
  const item = { waiting: taskMs, computing: iterations };
  const onThisThread = { waiting: tasks.timedSleep, computing: async (work: number) => tasks.timedWork(work) };
  const onWorkers = { waiting: 'timedSleep', computing: 'timedWork' } as const;
  return withWorkerPool({ workers }, async (pool) => {
    // Every worker loads and compiles its task code before the clock runs.
    await parallelMap(Array(workers).fill(iterations), 'timedWork', { pool, chunkSize: 1 });
    const rows: ConflictRow[] = [];
    const timed = async (work: ConflictRow['work'], schedule: ConflictRow['schedule'], run: () => Promise<Span[]>) => {
      const { median, min, max } = await medianRun(
        runs,
        async () => {
          const started = epochMs();
          const spans = await run();
          return {
            wallMs: epochMs() - started,
            spans: spans.map((span) => ({ startMs: span.startedAt - started, endMs: span.endedAt - started })),
          };
        },
        (timing) => timing.wallMs,
      );
      rows.push({ work, schedule, wallMs: median.wallMs, minMs: min, maxMs: max, spans: median.spans });
    };
    for (const work of works) {
      const task = onThisThread[work];
      await timed(work, 'one after another', async () => {
        const spans: Span[] = [];
        for (let i = 0; i < taskCount; i++) spans.push(await task(item[work]));
        return spans;
      });
      await timed(work, 'all at once', () => Promise.all(Array.from({ length: taskCount }, () => task(item[work]))));
      await timed(
        work,
        'on worker threads',
        () =>
          parallelMap(Array(taskCount).fill(item[work]), onWorkers[work], { pool, chunkSize: 1 }) as Promise<Span[]>,
      );
    }
    return rows;
  });
}

/**
 * Where this process's threads spent their time, from Linux's scheduler statistics
 * (`/proc/self/task/<tid>/schedstat`: nanoseconds on a core, nanoseconds runnable but waiting for
 * one). Read before and after a run, they split its time into computing, waiting for a core (another
 * program, or more threads than cores) and having nothing to do — which a wall clock alone cannot.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Per thread id: milliseconds on a core and milliseconds waiting for one, since the thread started. */
export type ThreadTimes = Map<string, { cpuMs: number; waitMs: number }>;

/**
 * A snapshot of every thread of this process; null where the kernel gives no schedstat (not Linux,
 * or a kernel built without it). A thread that ends while it is read is left out.
 * @example const before = threadTimes(); work(); const spent = before && threadTimesSince(before);
 */
export function threadTimes(): ThreadTimes | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const times: ThreadTimes = new Map();
  for (const tid of tids) {
    try {
      const [cpuNs, waitNs] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      if (Number.isFinite(cpuNs) && Number.isFinite(waitNs))
        times.set(tid, { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 });
    } catch {
      // The thread ended between the listing and the read, or schedstat is missing: skip it.
    }
  }
  return times.size > 0 ? times : null;
}

/** What the threads did between a snapshot and now: each thread's share, and all of them added up. */
export interface ThreadTimesSpent {
  /** Milliseconds on a core, summed over threads (two busy threads for 100 ms: 200). */
  cpuMs: number;
  /** Milliseconds runnable but waiting for a core, summed over threads. */
  waitMs: number;
  /** Each thread that ran or waited meanwhile, by id (the main thread's id is the process id). */
  threads: { tid: string; cpuMs: number; waitMs: number }[];
}

/**
 * The difference between a `threadTimes()` snapshot and now (threads started meanwhile count from
 * zero); null when no snapshot can be read now.
 * @example const before = threadTimes(); await map(); const spent = before ? threadTimesSince(before) : null;
 */
export function threadTimesSince(before: ThreadTimes): ThreadTimesSpent | null {
  const after = threadTimes();
  if (!after) return null;
  const threads = [...after]
    .map(([tid, now]) => {
      const then = before.get(tid) ?? { cpuMs: 0, waitMs: 0 };
      return { tid, cpuMs: now.cpuMs - then.cpuMs, waitMs: now.waitMs - then.waitMs };
    })
    .filter((thread) => thread.cpuMs > 0 || thread.waitMs > 0);
  const total = (key: 'cpuMs' | 'waitMs') => threads.reduce((sum, thread) => sum + thread[key], 0);
  return { cpuMs: total('cpuMs'), waitMs: total('waitMs'), threads };
}

/**
 * Milliseconds the main thread (the one that runs JavaScript here; its id is the process id) has spent
 * on a core since it started; null where the kernel gives no schedstat. `process.cpuUsage()` counts
 * every thread, V8's garbage collector and compiler threads among them.
 */
export function mainThreadCpuMs(): number | null {
  try {
    const cpuNs = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(cpuNs) ? cpuNs / 1e6 : null;
  } catch {
    return null;
  }
}

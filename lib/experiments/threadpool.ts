/**
 * Node is not single-threaded: libuv runs crypto.pbkdf2, zlib, most fs calls and dns.lookup on a
 * pool of threads, 4 unless UV_THREADPOOL_SIZE says otherwise when the process starts. The same
 * hashes at several pool sizes, each size in a child process started with that environment.
 */
import { execFile } from 'node:child_process';
import { checkWhole, checkWholeList } from '../check-range';
import { workerFile } from '../files';
import { LIMITS } from '../limits';
import { track } from '../running';
import type { ProgressCallback } from '../progress';

export interface ThreadpoolRow {
  /** UV_THREADPOOL_SIZE of the child process. */
  size: number;
  tasks: number;
  /** All `tasks` hashes, started at once. */
  wallMs: number;
  /** One hash alone, on the main thread. */
  oneHashMs: number;
  /** When each hash ended, in the order they were started: ms since they were started. */
  hashEndMs: number[];
  /**
   * When a dns.lookup('localhost') asked right after the hashes were queued ended (same clock), and
   * how long one took on an idle pool.
   */
  lookupWhileBusyMs: number;
  lookupIdleMs: number;
  /**
   * How many of the process's threads (the main one aside) spent half a hash's CPU time or more on
   * them: the pool threads that ran hashes. Null where Linux's schedstat cannot be read.
   */
  threadsUsed: number | null;
}

/** The largest pool libuv accepts (UV_THREADPOOL_SIZE is capped at 1024); here, what a 2-core machine can start. */
export const MAX_THREADPOOL_SIZE = 128;

function runChild(size: number, tasks: number, iterations: number): Promise<ThreadpoolRow> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [workerFile('threadpool-hashes'), String(tasks), String(iterations)],
      { env: { ...process.env, UV_THREADPOOL_SIZE: String(size) } },
      (error, stdout) => {
        forget();
        if (error) reject(new Error(`the thread-pool child (UV_THREADPOOL_SIZE=${size}) failed: ${error.message}`));
        else resolve(JSON.parse(stdout) as ThreadpoolRow);
      },
    );
    // An interrupt stops it too.
    const forget = track(async () => {
      child.kill('SIGKILL');
    });
  });
}

/**
 * `tasks` pbkdf2 hashes at once (`iterations` each, about 50 ms at the default) in a fresh process for
 * each pool size: with fewer threads than hashes they queue; past the core count, more threads only share the cores.
 * @example const rows = await threadpoolSweep({ sizes: [1, 2, 4, 8], tasks: 8 });
 */
export async function threadpoolSweep({
  sizes = [1, 2, 4, 8],
  tasks = 8,
  iterations = 100_000,
  onProgress,
}: {
  sizes?: number[];
  tasks?: number;
  iterations?: number;
  onProgress?: ProgressCallback;
} = {}): Promise<ThreadpoolRow[]> {
  checkWholeList('sizes', sizes, { min: 1, max: MAX_THREADPOOL_SIZE });
  checkWhole('tasks', tasks, LIMITS.tasks);
  checkWhole('iterations', iterations, { min: 1, max: 10_000_000 });
  const rows: ThreadpoolRow[] = [];
  for (const [index, size] of sizes.entries()) {
    rows.push(await runChild(size, tasks, iterations));
    onProgress?.(index + 1, sizes.length);
  }
  return rows;
}

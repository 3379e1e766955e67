/**
 * A child process's whole job for the libuv thread-pool experiment, run with UV_THREADPOOL_SIZE set
 * in its environment (the pool's size is fixed when a process starts): hash `tasks` times at once
 * with crypto.pbkdf2, which runs on that pool, and time a dns.lookup made while the pool is busy.
 * Prints one JSON line: { size, tasks, wallMs, oneHashMs, hashEndMs, lookupWhileBusyMs, lookupIdleMs, threadsUsed }.
 */
import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { threadTimes } from '../measure/thread-times';

const tasks = Number(process.argv[2]);
const iterations = Number(process.argv[3]);
const mainThread = String(process.pid);
const hashSync = () => pbkdf2Sync('password', 'salt', iterations, 64, 'sha512');
const hash = () =>
  new Promise<void>((resolve, reject) =>
    pbkdf2('password', 'salt', iterations, 64, 'sha512', (error) => (error ? reject(error) : resolve())),
  );

/** CPU milliseconds each thread other than the main one spent from `before` to `after`. */
function cpuByOtherThreads(before: ReturnType<typeof threadTimes>, after: ReturnType<typeof threadTimes>): number[] {
  if (!before || !after) return [];
  return [...after]
    .filter(([tid]) => tid !== mainThread)
    .map(([tid, now]) => now.cpuMs - (before.get(tid)?.cpuMs ?? 0));
}

async function main(): Promise<void> {
  // One hash on this thread first: the cost of one, and the code compiled before the clock runs.
  hashSync();
  const beforeOne = threadTimes();
  let started = performance.now();
  hashSync();
  const oneHashMs = performance.now() - started;
  const oneHashCpuMs = beforeOne ? threadTimes()!.get(mainThread)!.cpuMs - beforeOne.get(mainThread)!.cpuMs : NaN;
  started = performance.now();
  await lookup('localhost');
  const lookupIdleMs = performance.now() - started;
  const beforeHashes = threadTimes();
  started = performance.now();
  const hashEndMs: number[] = [];
  const hashes = Promise.all(
    Array.from({ length: tasks }, (_, index) =>
      hash().then(() => {
        hashEndMs[index] = performance.now() - started;
      }),
    ),
  );
  // Asked once every hash is queued: getaddrinfo waits for a free thread of the same pool.
  const lookedUp = lookup('localhost').then(() => performance.now() - started);
  await hashes;
  const wallMs = performance.now() - started;
  // A pool thread that ran a hash spent about a hash's CPU time; idle ones and V8's helpers next to none.
  const threadsUsed = Number.isFinite(oneHashCpuMs)
    ? cpuByOtherThreads(beforeHashes, threadTimes()).filter((cpuMs) => cpuMs >= oneHashCpuMs / 2).length
    : null;
  process.stdout.write(
    `${JSON.stringify({
      size: Number(process.env.UV_THREADPOOL_SIZE),
      tasks,
      wallMs,
      oneHashMs,
      hashEndMs,
      lookupWhileBusyMs: await lookedUp,
      lookupIdleMs,
      threadsUsed,
    })}\n`,
  );
}

void main();

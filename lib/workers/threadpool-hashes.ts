/**
 * A child process's whole job for the libuv thread-pool experiment, run with UV_THREADPOOL_SIZE set
 * in its environment (the pool's size is fixed when a process starts): hash `tasks` times at once
 * with crypto.pbkdf2, which runs on that pool, and time a dns.lookup made while the pool is busy.
 * Prints one JSON line: { size, tasks, wallMs, oneHashMs, lookupWhileBusyMs, lookupIdleMs }.
 */
import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { lookup } from 'node:dns/promises';

const tasks = Number(process.argv[2]);
const iterations = Number(process.argv[3]);
const hash = () => new Promise<void>((resolve, reject) => pbkdf2('password', 'salt', iterations, 64, 'sha512', (error) => (error ? reject(error) : resolve())));

async function main(): Promise<void> {
  // One hash on this thread first: the cost of one, and the code compiled before the clock runs.
  pbkdf2Sync('password', 'salt', iterations, 64, 'sha512');
  let started = performance.now();
  pbkdf2Sync('password', 'salt', iterations, 64, 'sha512');
  const oneHashMs = performance.now() - started;
  started = performance.now();
  await lookup('localhost');
  const lookupIdleMs = performance.now() - started;
  started = performance.now();
  const hashes = Promise.all(Array.from({ length: tasks }, hash));
  // Asked once every hash is queued: getaddrinfo waits for a free thread of the same pool.
  const lookedUp = lookup('localhost').then(() => performance.now() - started);
  await hashes;
  const wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ size: Number(process.env.UV_THREADPOOL_SIZE), tasks, wallMs, oneHashMs, lookupWhileBusyMs: await lookedUp, lookupIdleMs })}\n`);
}

void main();

/**
 * Child-process entry for `startClusterServer`: node:cluster's primary. It forks `processes` workers
 * (`cluster-handler`), prints the port once all of them listen, and stops them when its parent closes
 * stdin or signals it, waiting until every worker has exited. A worker whose primary dies exits too:
 * cluster's own rule.
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const { processes } = JSON.parse(process.argv[2] ?? '{}') as { processes: number };
// Kept here: cluster.workers forgets a worker once it has disconnected, before it has exited.
const workers: Worker[] = [];
let running = 0;
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  if (running === 0) process.exit(0);
  // Each worker closes its server (idle keep-alive connections too) and should then exit; any still
  // there after a second is killed, so that nothing outlives this process.
  cluster.disconnect();
  setTimeout(() => {
    for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
  }, 1_000).unref();
}

let listening = 0;
cluster.on('listening', (_worker, address: AddressInfo) => {
  // Every worker listens on the same port: the primary holds it and hands connections round.
  if (++listening === processes) process.stdout.write(`${address.port}\n`);
});
cluster.on('exit', (worker, code, signal) => {
  running--;
  if (stopping) {
    if (running === 0) process.exit(0);
    return;
  }
  process.stderr.write(`cluster worker ${worker.process.pid} exited (${signal ?? code}) while serving\n`);
  stop();
});
// The workers get this process's argv (the handler's `n`). Their stderr goes through this process,
// not straight to the parent's pipe: the parent's wait for that pipe then depends on this process alone.
cluster.setupPrimary({ exec: path.join(__dirname, 'cluster-handler.js'), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
for (; running < processes; running++) workers.push(cluster.fork());
for (const worker of workers) worker.process.stderr?.pipe(process.stderr);
// stdin is a pipe from the parent: it ends when the parent closes it or dies.
process.stdin.once('end', stop).resume();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

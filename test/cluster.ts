import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clusterThroughput, runningCount, startClusterServer, stopEverything } from '../lib';
import { childProcesses, isAlive, rejects, until } from './helpers/assert';

/** The pid that answered a GET, from the handler's reply. */
const answeredBy = async (url: string) => ((await (await fetch(url)).json()) as { pid: number }).pid;

test('a cluster of two serves one port of 127.0.0.1 from two processes; closing it leaves none', async () => {
  const before = runningCount();
  const server = await startClusterServer({ processes: 2, n: 1_000 });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.is(runningCount(), before + 1);
  // Separate connections: the primary hands each new one to the next worker in turn.
  const pids = new Set(await Promise.all(Array.from({ length: 8 }, () => answeredBy(server.url))));
  assert.is(pids.size, 2);
  assert.not.ok(pids.has(server.pid), 'the primary only hands connections over');
  await server.close();
  assert.ok(
    await until(() => [...pids, server.pid].every((pid) => !isAlive(pid))),
    'every process of the cluster exited',
  );
  assert.equal(childProcesses(), []);
  assert.is(runningCount(), before);
});

test('an interrupt (stopEverything) stops a running cluster', async () => {
  const server = await startClusterServer({ processes: 1, n: 1_000 });
  const worker = await answeredBy(server.url);
  await stopEverything();
  assert.ok(await until(() => !isAlive(worker) && !isAlive(server.pid)));
  await server.close(); // already stopped: resolves at once
});

test('the workers exit by themselves when their primary is killed', async () => {
  const server = await startClusterServer({ processes: 2, n: 1_000 });
  const workers = new Set(await Promise.all(Array.from({ length: 6 }, () => answeredBy(server.url))));
  process.kill(server.pid, 'SIGKILL');
  assert.ok(await until(() => [...workers].every((pid) => !isAlive(pid))), 'no orphaned worker');
  await server.close();
});

test('clusterThroughput: a row per size, each answered by as many processes as it has, clusters stopped', async () => {
  const before = runningCount();
  const progress: number[] = [];
  const rows = await clusterThroughput({
    processCounts: [1, 2],
    requests: 12,
    connections: 4,
    n: 10_000,
    rounds: 2,
    onProgress: (done) => progress.push(done),
  });
  assert.equal(
    rows.map((row) => [row.processes, row.servedBy]),
    [
      [1, 1],
      [2, 2],
    ],
  );
  assert.is(rows[0].speedupOverOne, 1);
  assert.ok(
    rows.every(
      (row) => row.minRequestsPerSecond <= row.requestsPerSecond && row.requestsPerSecond <= row.maxRequestsPerSecond,
    ),
  );
  assert.equal(progress, [1, 2]);
  assert.is(runningCount(), before);
  assert.ok(await until(() => childProcesses().length === 0));
});

test('by default every process of the widest cluster gets connections to answer, past 4 processes too', async () => {
  const rows = await clusterThroughput({ processCounts: [1, 5], requests: 40, n: 1_000, rounds: 1 });
  assert.equal(
    rows.map((row) => [row.processes, row.servedBy]),
    [
      [1, 1],
      [5, 5],
    ],
  );
  assert.ok(await until(() => childProcesses().length === 0));
});

test('bad options are refused by name, before anything starts', async () => {
  await rejects(startClusterServer({ processes: 0, n: 1 }), /`processes`/);
  await rejects(startClusterServer({ processes: 1, n: -1 }), /`n`/);
  await rejects(clusterThroughput({ processCounts: [2] }), /`processCounts`/);
  await rejects(clusterThroughput({ requests: 0 }), /`requests`/);
  await rejects(clusterThroughput({ rounds: 0 }), /`rounds`/);
  assert.equal(childProcesses(), []);
});

test.run();

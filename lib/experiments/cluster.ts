/**
 * The guide's "high-traffic web servers", measured: a CPU-heavy request handler served by one
 * process, then by a node:cluster of several on the same port, under the same load from this process.
 */
import { Agent, get } from 'node:http';
import { checkWhole } from '../check-range';
import { LIMITS } from '../limits';
import { median } from '../measure/timing';
import type { ProgressCallback } from '../progress';
import { type ClusterServer, startClusterServer } from './cluster-server';

/** One row of `clusterThroughput`: a cluster size, medians over the rounds. */
export interface ClusterRow {
  processes: number;
  requestsPerSecond: number;
  /** The slowest and the fastest round. */
  minRequestsPerSecond: number;
  maxRequestsPerSecond: number;
  /** How many different processes answered, over every round. */
  servedBy: number;
  /** The median of each round's requests/s over the one-process cluster's in the same round. */
  speedupOverOne: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** GET `url` on `agent`; resolves with the pid of the process that answered. */
function answeringPid(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`the cluster answered ${response.statusCode}`));
        else resolve((JSON.parse(body) as { pid: number }).pid);
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

/** `requests` GETs, `connections` at a time on kept-alive connections: the wall time and who answered. */
async function load(
  server: ClusterServer,
  agent: Agent,
  requests: number,
  connections: number,
): Promise<{ ms: number; pids: number[] }> {
  const pids: number[] = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (sent < requests) {
        sent++;
        pids.push(await answeringPid(server.url, agent));
      }
    }),
  );
  return { ms: performance.now() - started, pids };
}

/**
 * For each size in `processCounts` (which must include 1), a cluster whose handler computes
 * `sumOfSquares(n)`; after a warm-up, `rounds` rounds of `requests` requests, `connections` at a
 * time, the clusters taking turns within each round so that a moment of load elsewhere hits all alike.
 * The primary hands out connections, not requests: `connections` defaults to twice the largest
 * cluster (at least 4), so every process has requests to answer.
 * Every cluster is stopped before this returns, also when it throws.
 * @example const rows = await clusterThroughput({ processCounts: [1, 2], requests: 100, n: 2_000_000 });
 */
export async function clusterThroughput({
  processCounts = [1, 2],
  requests = 100,
  connections = Math.max(4, 2 * Math.max(...processCounts)),
  n = 2_000_000,
  rounds = 3,
  onProgress,
}: {
  processCounts?: number[];
  requests?: number;
  connections?: number;
  n?: number;
  rounds?: number;
  onProgress?: ProgressCallback;
} = {}): Promise<ClusterRow[]> {
  if (!processCounts.includes(1))
    throw new RangeError(`Expected \`processCounts\` to include 1, the baseline, got ${JSON.stringify(processCounts)}`);
  checkWhole('requests', requests, LIMITS.tasks);
  // Requests in flight at once: each agent keeps this many sockets.
  checkWhole('connections', connections, LIMITS.concurrency);
  checkWhole('rounds', rounds, LIMITS.rounds);
  const servers: ClusterServer[] = [];
  const agents = processCounts.map(() => new Agent({ keepAlive: true, maxSockets: connections }));
  try {
    // Started side by side; a cluster that fails to start stops the others (in `finally`).
    const starts = await Promise.allSettled(processCounts.map((processes) => startClusterServer({ processes, n })));
    for (const start of starts) if (start.status === 'fulfilled') servers.push(start.value);
    const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
    if (failed) throw failed.reason;
    // Warm-up, untimed: every connection opened and every process's handler compiled.
    for (const [index, server] of servers.entries()) await load(server, agents[index], connections * 4, connections);
    const perRound = servers.map(() => [] as Array<{ rps: number; pids: number[] }>);
    for (let round = 0; round < rounds; round++) {
      for (const [index, server] of servers.entries()) {
        const { ms, pids } = await load(server, agents[index], requests, connections);
        perRound[index].push({ rps: (requests * 1000) / ms, pids });
      }
      onProgress?.(round + 1, rounds);
    }
    const baseline = perRound[processCounts.indexOf(1)];
    return processCounts.map((processes, index) => {
      const rates = perRound[index].map((entry) => entry.rps);
      return {
        processes,
        requestsPerSecond: median(rates),
        minRequestsPerSecond: Math.min(...rates),
        maxRequestsPerSecond: Math.max(...rates),
        servedBy: new Set(perRound[index].flatMap((entry) => entry.pids)).size,
        speedupOverOne: median(rates.map((rate, round) => rate / baseline[round].rps)),
      };
    });
  } finally {
    for (const agent of agents) agent.destroy();
    await Promise.all(servers.map((server) => server.close()));
  }
}

/**
 * The latency server itself, in a process of its own: how exactly it keeps its latency (a bare
 * `http.get` client's efficiency at C = 10, the server's own lateness per answer and CPU per answer,
 * with `exactLatency` on, as `runbook serve` runs it, and off, as before), its resident memory while
 * 24 clients ask for the largest bodies and read nothing, and what an open connection costs it
 * (which, times the default cap on connections, bounds its memory).
 */
import {
  DEFAULT_MAX_CONNECTIONS,
  idealDownloadMs,
  MAX_BODY_BYTES,
  median,
  medianProfile,
  pageUrls,
  serverMemoryPerConnection,
  serverMemoryUnderStalledClients,
  startLatencyServerProcess,
} from '../lib';
import * as http from 'node:http';
import { bareHttpDownload, timedGet } from './bare-http';
import { type Goal, table } from './report';

const PAGES = 500;
const LATENCY_MS = 100;
const CONCURRENCY = 10;
const RUNS = 5;
const STALLED_CLIENTS = 24;

/**
 * A bare http.get loop against a fresh server process: the client's efficiency, the server's
 * lateness and CPU per answer.
 */
async function exactness(exactLatency: boolean) {
  const server = await startLatencyServerProcess({ latencyMs: LATENCY_MS, bytes: 51_200, exactLatency });
  try {
    const urls = pageUrls(server.url, PAGES);
    await bareHttpDownload(urls.slice(0, 100), CONCURRENCY); // warm both sides' code paths
    const before = await server.stats();
    const { wallMs, results } = await medianProfile(RUNS, () => bareHttpDownload(urls, CONCURRENCY));
    const after = await server.stats();
    const answers = after.answerCount - before.answerCount;
    return {
      ...after,
      wallMs,
      efficiency: idealDownloadMs(PAGES, CONCURRENCY, LATENCY_MS) / wallMs,
      ok: Math.min(...results),
      serverCpuMsPerAnswer: (after.cpuMs - before.cpuMs) / answers,
    };
  } finally {
    await server.close();
  }
}

const SEQUENTIAL_REQUESTS = 200;

/**
 * Where a request's time beyond the latency goes, one request at a time against an exact server:
 * the client's whole time past the latency, the server's own lateness, and a round trip back to back
 * (`?latency=0`: neither process has time to fall asleep). What is left is waking from sleep.
 */
async function requestBreakdown() {
  const server = await startLatencyServerProcess({ latencyMs: LATENCY_MS, bytes: 51_200, exactLatency: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const times = async (count: number, query: string) => {
      const ms: number[] = [];
      for (let index = 0; index < count; index++) ms.push(await timedGet(`${server.url}page/${index}${query}`, agent));
      return ms;
    };
    await times(50, '');
    const pastLatencyMs = median(await times(SEQUENTIAL_REQUESTS, '')) - LATENCY_MS;
    const { lateP50Ms } = await server.stats();
    const hotRoundTripMs = median(await times(SEQUENTIAL_REQUESTS, '?latency=0'));
    return { pastLatencyMs, lateP50Ms, hotRoundTripMs, wakingMs: pastLatencyMs - lateP50Ms - hotRoundTripMs };
  } finally {
    agent.destroy();
    await server.close();
  }
}

/** Print the server's rows; returns its goals. */
export async function benchLatencyServer(): Promise<Goal[]> {
  const exact = await exactness(true);
  const inexact = await exactness(false);
  table(
    `Latency server (own process): bare http.get, ${PAGES} pages at ${LATENCY_MS} ms, C = ${CONCURRENCY}, median ` +
      `of ${RUNS}; lateness over every answer the server wrote, by its own clock`,
    [
      'exactLatency',
      'wall ms',
      'efficiency',
      'ok',
      'late p50 ms',
      'late p99 ms',
      'late max ms',
      'early',
      'server CPU ms/answer',
    ],
    [exact, inexact].map((r) => [
      String(r.exactLatency),
      r.wallMs,
      r.efficiency,
      r.ok,
      r.lateP50Ms,
      r.lateP99Ms,
      r.lateMaxMs,
      r.earlyCount,
      r.serverCpuMsPerAnswer,
    ]),
  );
  const breakdown = await requestBreakdown();
  table(
    "Where one request's time past the latency goes: " +
      `bare http.get, one at a time, ${SEQUENTIAL_REQUESTS} requests, medians`,
    ['client: past the latency ms', 'server: late ms', 'round trip back to back ms', 'rest: waking from sleep ms'],
    [[breakdown.pastLatencyMs, breakdown.lateP50Ms, breakdown.hotRoundTripMs, breakdown.wakingMs]],
  );
  const stalled = await serverMemoryUnderStalledClients({ clients: STALLED_CLIENTS, bytes: MAX_BODY_BYTES });
  table(
    `Latency server (own process): ${STALLED_CLIENTS} clients ` +
      `each ask for about ${MAX_BODY_BYTES / 2 ** 20} MiB and read nothing`,
    ['bodies being written', 'server RSS MiB', 'server ArrayBuffers MiB'],
    [[stalled.writingCount, stalled.rssMiB, stalled.arrayBuffersMiB]],
  );
  const perConnection = await serverMemoryPerConnection({ connections: 5_000 });
  // The bound: the server at rest, plus every connection the default cap lets in, each with its most requests waiting.
  const boundMiB = perConnection.restRssMiB + (perConnection.perConnectionKiB * DEFAULT_MAX_CONNECTIONS) / 1024;
  table(
    `Latency server (own process): ${perConnection.connections} connections, ` +
      `${perConnection.requestsEach} requests waiting on each`,
    ['RSS at rest MiB', 'RSS MiB', 'KiB per connection', `bound at ${DEFAULT_MAX_CONNECTIONS} connections MiB`],
    [[perConnection.restRssMiB, perConnection.rssMiB, perConnection.perConnectionKiB, boundMiB]],
  );
  console.log(
    `exactLatency moves the median answer from ${inexact.lateP50Ms.toFixed(3)} to ${exact.lateP50Ms.toFixed(3)} ms ` +
      `after its latency, for ${(exact.serverCpuMsPerAnswer - inexact.serverCpuMsPerAnswer).toFixed(3)} ms more ` +
      `server CPU per answer; the bare client's efficiency goes from ${inexact.efficiency.toFixed(3)} ` +
      `to ${exact.efficiency.toFixed(3)}`,
  );
  return [
    {
      what: `bare http.get efficiency at C = ${CONCURRENCY} against the latency server (exactLatency)`,
      measured: exact.efficiency,
      op: '>=',
      target: 0.995,
    },
    {
      what: 'answers written before their latency, by the server',
      measured: exact.earlyCount + inexact.earlyCount,
      op: '<=',
      target: 0,
    },
    {
      what: 'median answer after its latency, by the server (exactLatency)',
      measured: exact.lateP50Ms,
      op: '<=',
      target: 0.5,
      unit: ' ms',
    },
    {
      what:
        `server resident memory with ${STALLED_CLIENTS} clients ` +
        `reading none of ${MAX_BODY_BYTES / 2 ** 20} MiB bodies`,
      measured: stalled.rssMiB,
      op: '<=',
      target: 256,
      unit: ' MiB',
    },
  ];
}

/** The I/O-bound section's experiments: one lib call each, so a notebook cell stays one line. */
import { downloadAll, type DownloadResult, FETCH_CLIENTS, type FetchClient } from '../io/download';
import { pageUrls } from '../io/latency-server';
import {
  type LatencyServerProcess,
  startLatencyServerProcess,
  withLatencyServerProcess,
} from '../io/latency-server-process';
import type { ProgressCallback } from '../progress';
import type { Trace } from '../notebook/plot';
import { checkRuns, medianProfile, medianRun, profileTask } from '../measure/timing';

/** Where an experiment's pages come from: real URLs, or `pageCount` pages of an embedded server. */
export interface PageSource {
  /** Real URLs to fetch instead of the embedded server (when a network exists). */
  urls?: string[];
  pageCount?: number;
  latencyMs?: number;
  bytes?: number;
  /** The embedded server refuses connections past this many open at once, as real servers do. */
  maxConnections?: number;
}

/**
 * Run `fn` on the real URLs when given (server null), else on the pages of an embedded server that
 * is stopped afterwards. The server runs in a process of its own, as a remote site has a machine of
 * its own: in this process it would share the client's event loop, and what is measured would be both.
 */
async function withPages<T>(
  source: PageSource,
  fn: (pages: string[], server: LatencyServerProcess | null) => Promise<T>,
): Promise<T> {
  const { urls, pageCount = 50, latencyMs = 100, bytes = 51_200, maxConnections } = source;
  if (urls && urls.length > 0) return fn(urls, null);
  return withLatencyServerProcess({ latencyMs, bytes, maxConnections }, (server) =>
    fn(pageUrls(server.url, pageCount), server),
  );
}

export interface SweepOptions extends PageSource {
  levels: number[];
  /** Downloads of the pages per level; the row is the median run, with the fastest and slowest beside it. Default 1. */
  runs?: number;
  fetch?: FetchClient;
  onProgress?: ProgressCallback;
}

export interface SweepRow {
  concurrency: number;
  /** The median run's wall time. */
  wallMs: number;
  /** The fastest and the slowest run (the same as `wallMs` for one run). */
  minMs: number;
  maxMs: number;
  /** ⌈N/C⌉ · latency: the time if every request took exactly the latency (embedded server only). */
  idealMs: number | null;
  /**
   * ⌈N/C⌉ · (latency + the server's median lateness): the ideal with the time the embedded server
   * really held each answer, as it measured it, so the gap left to `wallMs` is the client's own.
   */
  heldIdealMs: number | null;
  /** How long after its latency the embedded server wrote the median answer, in ms (null for real URLs). */
  serverLateP50Ms: number | null;
  ok: number;
  failed: number;
  /**
   * This process's CPU time per page in the median run: the client's alone (the embedded server
   * runs in a process of its own).
   */
  cpuMsPerPage: number;
  /** The most connections the embedded server had open at once, over all runs (null for real URLs). */
  peakConnections: number | null;
  /** Connections the embedded server refused past its `maxConnections`, summed over all runs (null for real URLs). */
  refusedConnections: number | null;
}

/**
 * ⌈N/C⌉ · latency: how long `pageCount` downloads take if each takes exactly the latency and `concurrency`
 * run at once — the ideal that efficiency is measured against.
 * @example idealDownloadMs(50, 10, 100) // 500
 */
export function idealDownloadMs(pageCount: number, concurrency: number, latencyMs: number): number {
  // No more requests are in flight than there are pages (concurrency may be Infinity).
  return Math.ceil(pageCount / Math.min(concurrency, pageCount)) * latencyMs;
}

/**
 * Download the same pages at each concurrency level and time each run; each level gets an embedded
 * server of its own, so its connection counts are that level's alone.
 * @example const rows = await sweepConcurrency({ pageCount: 50, latencyMs: 100, levels: [1, 10, 50] });
 */
export async function sweepConcurrency(options: SweepOptions): Promise<SweepRow[]> {
  const { latencyMs = 100, levels, fetch, onProgress, runs = 1 } = options;
  checkRuns(runs, 100);
  const rows: SweepRow[] = [];
  for (const [index, concurrency] of levels.entries()) {
    rows.push(
      await withPages(options, async (pages, server) => {
        const {
          median: { wallMs, cpuMs, result },
          min,
          max,
        } = await medianRun(
          runs,
          () => profileTask(() => downloadAll(pages, { concurrency, fetch })),
          (profile) => profile.wallMs,
        );
        const ok = result.filter((item) => item.ok).length;
        const stats = server ? await server.stats() : null;
        return {
          concurrency,
          wallMs,
          minMs: min,
          maxMs: max,
          idealMs: server ? idealDownloadMs(pages.length, concurrency, latencyMs) : null,
          heldIdealMs: stats ? idealDownloadMs(pages.length, concurrency, latencyMs + stats.lateP50Ms) : null,
          serverLateP50Ms: stats?.lateP50Ms ?? null,
          ok,
          failed: result.length - ok,
          cpuMsPerPage: cpuMs / pages.length,
          peakConnections: stats?.peakConnections ?? null,
          refusedConnections: stats?.refusedConnections ?? null,
        };
      }),
    );
    onProgress?.(index + 1, levels.length);
  }
  return rows;
}

/** One client's row of `compareClients`: medians over the timed runs. */
export interface ClientRow {
  client: FetchClient;
  wallMs: number;
  idealMs: number;
  /** idealMs ÷ wallMs: 1 when every round trip overlaps perfectly. */
  efficiency: number;
  /** The client's own CPU time per page (the server runs in another process), and the least and most of a run. */
  cpuMsPerPage: number;
  minCpuMsPerPage: number;
  maxCpuMsPerPage: number;
  /** Pages downloaded in the worst timed run. */
  ok: number;
}

/**
 * The three clients of `downloadAll` (node-fetch, Node's built-in fetch, plain `node:http`) on the same
 * pages. The server runs in a process of its own, so the CPU measured is the client's alone; each
 * client downloads once untimed (its code loaded and compiled), then `runs` times timed.
 * @example const rows = await compareClients({ pageCount: 200, concurrency: 25 });
 */
export async function compareClients({
  pageCount = 200,
  latencyMs = 100,
  bytes = 51_200,
  concurrency = 25,
  runs = 3,
} = {}): Promise<ClientRow[]> {
  // Checked here too, before a server process starts and every client warms up.
  checkRuns(runs);
  const idealMs = idealDownloadMs(pageCount, concurrency, latencyMs);
  const server = await startLatencyServerProcess({ latencyMs, bytes });
  try {
    const pages = pageUrls(server.url, pageCount);
    const rows: ClientRow[] = [];
    for (const client of FETCH_CLIENTS) {
      await downloadAll(pages, { concurrency, fetch: client });
      const { wallMs, cpuMs, minCpuMs, maxCpuMs, results } = await medianProfile(runs, () =>
        downloadAll(pages, { concurrency, fetch: client }),
      );
      rows.push({
        client,
        wallMs,
        idealMs,
        efficiency: idealMs / wallMs,
        cpuMsPerPage: cpuMs / pageCount,
        minCpuMsPerPage: minCpuMs / pageCount,
        maxCpuMsPerPage: maxCpuMs / pageCount,
        ok: Math.min(...results.map((result) => result.filter((item) => item.ok).length)),
      });
    }
    return rows;
  } finally {
    await server.close();
  }
}

/** Download once at one concurrency level and return every request's start and end: a timeline. */
export async function downloadTimeline(options: PageSource & { concurrency: number }): Promise<DownloadResult[]> {
  return withPages(options, (pages) => downloadAll(pages, { concurrency: options.concurrency }));
}

/** A request timeline as horizontal bars: one row per request, from its start to its end. */
export function timelineTrace(results: readonly DownloadResult[], name: string): Trace {
  return {
    type: 'bar',
    orientation: 'h',
    name,
    y: results.map((_, index) => `#${String(index).padStart(3, '0')}`),
    base: results.map((result) => result.startMs),
    x: results.map((result) => result.endMs - result.startMs),
  };
}

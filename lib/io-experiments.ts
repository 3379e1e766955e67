/** The I/O-bound section's experiments: one lib call each, so a notebook cell stays one line. */
import { downloadAll, DownloadResult, FetchClient } from './download';
import { LatencyServer, LatencyServerOptions, pageUrls, startLatencyServer } from './latency-server';
import type { ProgressCallback } from './progress';
import type { Trace } from './plot';
import { measure } from './timing';

/**
 * Run `fn` with a latency server that is closed afterwards, also when `fn` throws:
 * re-running a notebook cell never leaves a server behind.
 */
export async function withLatencyServer<T>(options: LatencyServerOptions, fn: (server: LatencyServer) => Promise<T>): Promise<T> {
  const server = await startLatencyServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** Where an experiment's pages come from: real URLs, or `pageCount` pages of an embedded server. */
export interface PageSource {
  /** Real URLs to fetch instead of the embedded server (when a network exists). */
  urls?: string[];
  pageCount?: number;
  latencyMs?: number;
  bytes?: number;
}

/** Run `fn` on the real URLs when given, else on the pages of an embedded server closed afterwards. */
async function withPages<T>(source: PageSource, fn: (pages: string[], embedded: boolean) => Promise<T>): Promise<T> {
  const { urls, pageCount = 50, latencyMs = 100, bytes = 51_200 } = source;
  if (urls && urls.length > 0) return fn(urls, false);
  return withLatencyServer({ latencyMs, bytes }, (server) => fn(pageUrls(server.url, pageCount), true));
}

export interface SweepOptions extends PageSource {
  levels: number[];
  fetch?: FetchClient;
  onProgress?: ProgressCallback;
}

export interface SweepRow {
  concurrency: number;
  wallMs: number;
  /** ⌈N/C⌉ · latency: the time if every request took exactly the latency (embedded server only). */
  idealMs: number | null;
  ok: number;
  failed: number;
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
 * Download the same pages at each concurrency level and time each run.
 * @example const rows = await sweepConcurrency({ pageCount: 50, latencyMs: 100, levels: [1, 10, 50] });
 */
export async function sweepConcurrency(options: SweepOptions): Promise<SweepRow[]> {
  const { latencyMs = 100, levels, fetch, onProgress } = options;
  return withPages(options, async (pages, embedded) => {
    const rows: SweepRow[] = [];
    for (const [index, concurrency] of levels.entries()) {
      const { ms, result } = await measure(() => downloadAll(pages, { concurrency, fetch }));
      const ok = result.filter((item) => item.ok).length;
      rows.push({ concurrency, wallMs: ms, idealMs: embedded ? idealDownloadMs(pages.length, concurrency, latencyMs) : null, ok, failed: result.length - ok });
      onProgress?.(index + 1, levels.length);
    }
    return rows;
  });
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

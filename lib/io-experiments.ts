/** The I/O-bound section's experiments: one lib call each, so a notebook cell stays one line. */
import { downloadAll, DownloadResult, FetchClient } from './download';
import { LatencyServerOptions, pageUrls, startLatencyServer } from './latency-server';
import type { ProgressCallback } from './progress';
import type { Trace } from './plot';
import { measure } from './timing';

/**
 * Run `fn` with a latency server that is closed afterwards, also when `fn` throws:
 * re-running a notebook cell never leaves a server behind.
 */
export async function withLatencyServer<T>(options: LatencyServerOptions, fn: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = await startLatencyServer(options);
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

export interface SweepOptions {
  /** Real URLs to fetch instead of the embedded server (when a network exists). */
  urls?: string[];
  pageCount?: number;
  latencyMs?: number;
  bytes?: number;
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
 * Download the same pages at each concurrency level and time each run.
 * @example const rows = await sweepConcurrency({ pageCount: 50, latencyMs: 100, levels: [1, 10, 50] });
 */
export async function sweepConcurrency(options: SweepOptions): Promise<SweepRow[]> {
  const { urls, pageCount = 50, latencyMs = 100, bytes = 51_200, levels, fetch, onProgress } = options;
  const run = async (pages: string[], embedded: boolean) => {
    const rows: SweepRow[] = [];
    for (const [index, concurrency] of levels.entries()) {
      const { ms, result } = await measure(() => downloadAll(pages, { concurrency, fetch, timeoutMs: 30_000 }));
      const ok = result.filter((item) => item.ok).length;
      rows.push({ concurrency, wallMs: ms, idealMs: embedded ? Math.ceil(pages.length / concurrency) * latencyMs : null, ok, failed: result.length - ok });
      onProgress?.(index + 1, levels.length);
    }
    return rows;
  };
  if (urls && urls.length > 0) return run(urls, false);
  return withLatencyServer({ latencyMs, bytes }, (base) => run(pageUrls(base, pageCount), true));
}

/** Download once at one concurrency level and return every request's start and end: a timeline. */
export async function downloadTimeline(options: { urls?: string[]; pageCount?: number; latencyMs?: number; bytes?: number; concurrency: number }): Promise<DownloadResult[]> {
  const { urls, pageCount = 50, latencyMs = 100, bytes = 51_200, concurrency } = options;
  if (urls && urls.length > 0) return downloadAll(urls, { concurrency });
  return withLatencyServer({ latencyMs, bytes }, (base) => downloadAll(pageUrls(base, pageCount), { concurrency }));
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

/**
 * `downloadAll`: the guide's concurrent downloader the Node way — one thread, an event loop and a
 * bound on requests in flight. Every URL gets a result; failures are data, never exceptions.
 */
import { countBody, FETCH_CLIENTS, type FetchClient, openClient } from './http-clients';
import { sleep } from '../workloads/sleep';
import { startDeadline } from '../measure/deadline';
import { MAX_TIMER_MS } from '../timer-limit';
import type { ProgressCallback } from '../progress';
import { mapWithLimit } from '../sync/map-with-limit';

export { FETCH_CLIENTS } from './http-clients';
export { MAX_REDIRECTS } from './redirects';
export type { FetchClient } from './http-clients';

export interface DownloadResult {
  url: string;
  ok: boolean;
  /** HTTP status of the last attempt; 0 when no answer came. */
  status: number;
  /** Body bytes read on the last attempt. */
  bytes: number;
  /** Start of the first attempt and end of the last, in ms since `downloadAll` was called. */
  startMs: number;
  endMs: number;
  attempts: number;
  error?: string;
}

export interface DownloadOptions {
  /** Requests in flight at once; `Infinity` is the "one thread per URL" analogue. Default 10. */
  concurrency?: number;
  /** Per attempt, from request to the end of the body; up to 2³¹ − 1 (what a timer holds). Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts after a network error, timeout or 5xx, up to `MAX_RETRIES`. Default 0. */
  retries?: number;
  /** First backoff pause, up to `MAX_RETRY_DELAY_MS`; doubles after each retry, never past that. Default 50. */
  retryDelayMs?: number;
  /** Abort a body past this many bytes. Default: no limit. */
  maxBytes?: number;
  /** Cancels everything in flight and queued; those results say `aborted`. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  fetch?: FetchClient;
}

/** The most extra attempts a download makes. */
export const MAX_RETRIES = 100;
/** The longest backoff pause between attempts: one minute. */
export const MAX_RETRY_DELAY_MS = 60_000;

type ResolvedOptions = Required<Omit<DownloadOptions, 'signal' | 'onProgress'>> &
  Pick<DownloadOptions, 'signal' | 'onProgress'>;

/** Fill in the defaults once, then check the values that will be used. */
function resolveOptions(options: DownloadOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    concurrency: options.concurrency ?? 10,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 0,
    retryDelayMs: options.retryDelayMs ?? 50,
    maxBytes: options.maxBytes ?? Infinity,
    fetch: options.fetch ?? 'node-fetch',
    signal: options.signal,
    onProgress: options.onProgress,
  };
  const { concurrency, timeoutMs, retries, retryDelayMs, maxBytes, onProgress, fetch: client } = resolved;
  if (!(concurrency === Infinity || (Number.isSafeInteger(concurrency) && concurrency >= 1)))
    throw new TypeError('Expected `concurrency` to be a number from 1 and up (or Infinity)');
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS))
    throw new RangeError(
      `Expected \`timeoutMs\` to be a number of milliseconds above 0, up to ${MAX_TIMER_MS} ` +
        `(what a timer holds), got ${timeoutMs}`,
    );
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES)
    throw new RangeError(`Expected \`retries\` to be a whole number from 0 to ${MAX_RETRIES}, got ${retries}`);
  if (!(retryDelayMs >= 0 && retryDelayMs <= MAX_RETRY_DELAY_MS))
    throw new RangeError(
      `Expected \`retryDelayMs\` to be a number of milliseconds from 0 to ${MAX_RETRY_DELAY_MS}, got ${retryDelayMs}`,
    );
  if (!(maxBytes > 0)) throw new RangeError('Expected `maxBytes` to be a positive number of bytes');
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw new TypeError('Expected `onProgress` to be a function');
  if (!FETCH_CLIENTS.includes(client))
    throw new TypeError(`Expected \`fetch\` to be one of ${FETCH_CLIENTS.map((name) => `"${name}"`).join(', ')}`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw new TypeError('Expected `signal` to be an AbortSignal');
  return resolved;
}

/** Only http: and https: are fetched; anything else fails before any I/O. */
function checkUrl(url: unknown): string | null {
  if (typeof url !== 'string') return `not a URL: ${String(url)}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${JSON.stringify(url)}`;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:'
    ? null
    : `unsupported protocol ${parsed.protocol} (only http: and https: are fetched)`;
}

function describeError(error: unknown, timedOut: boolean, aborted: boolean): string {
  if (aborted) return 'aborted';
  if (timedOut) return 'timed out';
  const err = error as Error & { code?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code;
  return `${code ? `${code}: ` : ''}${err?.message ?? String(error)}`;
}

/**
 * Download every URL with at most `concurrency` requests in flight; results in input order.
 * Only http: and https: are fetched, and redirects are followed to http: and https: only (at most
 * `MAX_REDIRECTS`), by every client alike: a redirect elsewhere is a failed result that says so.
 * @example const results = await downloadAll(pageUrls(server.url, 50), { concurrency: 10 });
 */
export async function downloadAll(urls: readonly string[], options: DownloadOptions = {}): Promise<DownloadResult[]> {
  if (!Array.isArray(urls)) throw new TypeError('Expected `urls` to be an array of URL strings');
  const {
    concurrency,
    timeoutMs,
    retries,
    retryDelayMs,
    maxBytes,
    signal,
    onProgress,
    fetch: client,
  } = resolveOptions(options);
  const started = performance.now();
  const now = () => performance.now() - started;
  const { fetcher, close } = await openClient(client, concurrency);
  let done = 0;
  // The run stops when the caller's signal aborts, or early when a progress callback throws: one
  // listener aborts every attempt in flight (one per attempt would trip Node's listener-leak warning
  // past ten requests in flight) and wakes any retry waiting out its delay.
  const inFlight = new Set<AbortController>();
  const stopped = new AbortController();
  const stop = () => {
    stopped.abort();
    for (const controller of inFlight) controller.abort();
  };
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });

  async function attempt(url: string): Promise<{ status: number; bytes: number; error?: string; retryable: boolean }> {
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimeout = startDeadline(timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    inFlight.add(controller);
    let status = 0;
    let bytes = 0;
    try {
      const response = await fetcher(url, controller.signal);
      status = response.status;
      bytes = await countBody(response.body, maxBytes);
      if (bytes > maxBytes) {
        controller.abort();
        return { status, bytes, error: `body larger than maxBytes (${maxBytes} bytes)`, retryable: false };
      }
      if (status >= 500) return { status, bytes, error: `HTTP ${status}`, retryable: true };
      if (status >= 400) return { status, bytes, error: `HTTP ${status}`, retryable: false };
      // A 3xx here is a redirect the client did not follow (see followingRedirects): its body is not the page.
      if (status >= 300)
        return {
          status,
          bytes,
          error: response.unfollowedRedirect ?? `HTTP ${status}: redirect not followed`,
          retryable: false,
        };
      return { status, bytes, retryable: false };
    } catch (error) {
      return {
        status,
        bytes,
        error: describeError(error, timedOut, stopped.signal.aborted),
        retryable: !stopped.signal.aborted,
      };
    } finally {
      cancelTimeout();
      inFlight.delete(controller);
    }
  }

  async function download(url: string): Promise<DownloadResult> {
    const startMs = now();
    const invalid = checkUrl(url);
    if (invalid) return { url, ok: false, status: 0, bytes: 0, startMs, endMs: startMs, attempts: 0, error: invalid };
    let attempts = 0;
    for (;;) {
      if (stopped.signal.aborted)
        return { url, ok: false, status: 0, bytes: 0, startMs, endMs: now(), attempts, error: 'aborted' };
      attempts++;
      const outcome = await attempt(url);
      if (!outcome.error)
        return { url, ok: true, status: outcome.status, bytes: outcome.bytes, startMs, endMs: now(), attempts };
      if (!outcome.retryable || attempts > retries || stopped.signal.aborted) {
        return {
          url,
          ok: false,
          status: outcome.status,
          bytes: outcome.bytes,
          startMs,
          endMs: now(),
          attempts,
          error: outcome.error,
        };
      }
      await sleep(Math.min(retryDelayMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS), stopped.signal).catch(() => {});
    }
  }

  try {
    return await mapWithLimit(urls, concurrency, async (url) => {
      const result = await download(url);
      try {
        onProgress?.(++done, urls.length);
      } catch (error) {
        stop(); // the calls in flight end now, as aborted, and the error reaches the caller at once
        throw error;
      }
      return result;
    });
  } finally {
    signal?.removeEventListener('abort', stop);
    close();
  }
}

/**
 * The embedded stand-in for "50 web sites": an HTTP server on 127.0.0.1 that answers every GET after
 * a set latency with a preallocated body, and can inject reproducible faults (500s, resets, stalls).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CancelDeadline, startDeadline } from '../measure/deadline';

export type FaultKind = '500' | 'reset' | 'stall';

export interface FaultOptions {
  /** Share of requests that fail, 0 to 1. */
  rate: number;
  /** Seed of the fault pattern: the same seed fails the same (path, attempt) pairs. */
  seed?: number;
  kinds?: FaultKind[];
}

/** The largest body the server sends, by option or by `?bytes=`: 64 MiB. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The longest latency it waits, by option or by `?latency=`: one minute. */
export const MAX_LATENCY_MS = 60_000;
/** Bodies of other sizes than the default that are kept for reuse, the least recently used dropped first. */
const CACHED_BODY_SIZES = 8;
/** Paths whose attempt counts are remembered (for `faultFor`); the oldest are forgotten past this. */
const REMEMBERED_PATHS = 100_000;

export interface LatencyServerOptions {
  /** Up to `MAX_LATENCY_MS`. */
  latencyMs?: number;
  /** Body size of each answer, up to `MAX_BODY_BYTES` (override per request with `?bytes=N`; `?latency=MS` overrides the latency). */
  bytes?: number;
  /** Each answer waits latencyMs ± up to jitterMs. */
  jitterMs?: number;
  faults?: FaultOptions;
  port?: number;
  /**
   * Refuse connections past this many open at once, as a real server's connection limit does
   * (the connection is closed unanswered). Default: no limit.
   */
  maxConnections?: number;
}

export interface LatencyServer {
  url: string;
  origin: string;
  /** How many requests arrived, faults included. */
  readonly requestCount: number;
  /** The most connections that were open at once (refused ones not counted). */
  readonly peakConnections: number;
  /** How many connections were refused for going past `maxConnections`. */
  readonly refusedConnections: number;
  /** Stop listening and drop every open connection and pending answer. */
  close(): Promise<void>;
}

/** A fast, seeded hash to [0, 1): the fault decision depends on the request, not on arrival order. */
function unitHash(seed: number, text: string): number {
  let hash = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 2246822507);
  hash ^= hash >>> 13;
  return (hash >>> 0) / 2 ** 32;
}

/**
 * The fault a request meets, or null: decided by a hash of its path and attempt number, so a test can
 * know in advance which requests fail, whatever order they arrive in.
 * @param attempt 1 for a path's first request to this server, 2 for its second, …
 * @example faultFor({ rate: 0.1, seed: 7 }, '/page/3', 1) // null, or '500', 'reset' or 'stall'
 */
export function faultFor(faults: FaultOptions | undefined, path: string, attempt: number): FaultKind | null {
  if (!faults) return null;
  const seed = faults.seed ?? 1;
  const kinds = faults.kinds ?? ['500', 'reset', 'stall'];
  return unitHash(seed, `${path}#${attempt}`) < faults.rate ? kinds[Math.floor(unitHash(seed + 1, path + attempt) * kinds.length)] : null;
}

/** Fill in the defaults once, then check the values that will be used. */
function resolveOptions(options: LatencyServerOptions): Required<Omit<LatencyServerOptions, 'faults'>> & Pick<LatencyServerOptions, 'faults'> {
  const { latencyMs = 100, bytes = 51_200, jitterMs = 0, faults, port = 0, maxConnections = Infinity } = options;
  if (!(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS)) throw new RangeError(`Expected \`latencyMs\` to be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${latencyMs}`);
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BODY_BYTES) throw new RangeError(`Expected \`bytes\` to be a whole number from 0 to ${MAX_BODY_BYTES}, got ${bytes}`);
  if (!(jitterMs >= 0) || jitterMs > latencyMs) throw new RangeError('Expected `jitterMs` to be from 0 to `latencyMs`');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('Expected `port` to be from 0 to 65535');
  if (faults && !(faults.rate >= 0 && faults.rate <= 1)) throw new RangeError('Expected `faults.rate` to be from 0 to 1');
  if (!(maxConnections === Infinity || (Number.isInteger(maxConnections) && maxConnections >= 1))) throw new RangeError('Expected `maxConnections` to be a whole number from 1 up (or Infinity)');
  return { latencyMs, bytes, jitterMs, faults, port, maxConnections };
}

/**
 * What a request asks of the server beyond the defaults, or why it cannot have it (a 400 answer).
 * `?bytes=N` must be a whole number up to `MAX_BODY_BYTES`, `?latency=MS` a number of ms up to `MAX_LATENCY_MS`.
 */
export function requestedAnswer(url: URL, defaults: { bytes: number; latencyMs: number }): { bytes: number; latencyMs: number } | { refusal: string } {
  const bytesText = url.searchParams.get('bytes');
  const latencyText = url.searchParams.get('latency');
  const bytes = bytesText === null ? defaults.bytes : /^\d{1,9}$/.test(bytesText) ? Number(bytesText) : NaN;
  const latencyMs = latencyText === null ? defaults.latencyMs : latencyText.trim() === '' ? NaN : Number(latencyText);
  if (!(bytes <= MAX_BODY_BYTES)) return { refusal: `bytes must be a whole number from 0 to ${MAX_BODY_BYTES}` };
  if (!(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS)) return { refusal: `latency must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}` };
  return { bytes, latencyMs };
}

/**
 * Start the latency server on 127.0.0.1 (a free port unless `port` is given).
 * @example const server = await startLatencyServer({ latencyMs: 100, bytes: 51_200 });
 *   try { await downloadAll(pageUrls(server.url, 50)); } finally { await server.close(); }
 */
export async function startLatencyServer(options: LatencyServerOptions = {}): Promise<LatencyServer> {
  const { latencyMs, bytes, jitterMs, faults, port, maxConnections } = resolveOptions(options);
  // Bodies are made once: client and server share two cores, serving must cost next to nothing. The
  // default body is kept; a few other sizes asked for with ?bytes= are kept too, the least recent dropped.
  const defaultBody = Buffer.alloc(bytes, 'x');
  const otherBodies = new Map<number, Buffer>();
  const bodyOf = (size: number) => {
    if (size === bytes) return defaultBody;
    const body = otherBodies.get(size) ?? Buffer.alloc(size, 'x');
    otherBodies.delete(size);
    otherBodies.set(size, body);
    if (otherBodies.size > CACHED_BODY_SIZES) otherBodies.delete(otherBodies.keys().next().value!);
    return body;
  };
  const attemptsByPath = new Map<string, number>();
  /** The fault this request of `path` meets: its attempt number counted, the oldest paths forgotten past the limit. */
  const faultOf = (path: string) => {
    const attempt = (attemptsByPath.get(path) ?? 0) + 1;
    attemptsByPath.delete(path);
    attemptsByPath.set(path, attempt);
    if (attemptsByPath.size > REMEMBERED_PATHS) attemptsByPath.delete(attemptsByPath.keys().next().value!);
    return faultFor(faults, path, attempt);
  };
  const sockets = new Set<Socket>();
  const pendingAnswers = new Set<CancelDeadline>();
  let requestCount = 0;
  let peakConnections = 0;
  let refusedConnections = 0;

  const server = http.createServer((request, response) => {
    requestCount++;
    // Serving must cost next to nothing (the client's measurements share the machine): a plain path
    // skips URL parsing, and attempts are counted only when faults need them.
    const target = request.url ?? '/';
    const defaults = { bytes, latencyMs: latencyMs + (jitterMs ? (Math.random() * 2 - 1) * jitterMs : 0) };
    const url = target.includes('?') ? new URL(target, 'http://127.0.0.1') : null;
    const asked = url ? requestedAnswer(url, defaults) : defaults;
    if ('refusal' in asked) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return void response.end(`${asked.refusal}\n`);
    }
    const fault = faults ? faultOf(url?.pathname ?? target) : null;
    if (fault === 'stall') return; // never answers; the client's timeout must fire
    // Never early: the ideal times the notebooks draw assume every answer takes at least the latency.
    const cancel = startDeadline(asked.latencyMs, () => {
      pendingAnswers.delete(cancel);
      response.off('close', clientLeft);
      if (fault === 'reset') return void request.socket.destroy();
      const body = fault === '500' ? Buffer.from('injected fault') : bodyOf(asked.bytes);
      response.writeHead(fault === '500' ? 500 : 200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      response.end(body);
    });
    // A client that goes away takes its pending answer with it: no timer runs on for nobody.
    const clientLeft = () => { cancel(); pendingAnswers.delete(cancel); };
    response.once('close', clientLeft);
    pendingAnswers.add(cancel);
  });
  server.keepAliveTimeout = 5_000;
  // Past the limit, net.Server closes a new connection before HTTP sees it and says so with 'drop'.
  if (maxConnections !== Infinity) server.maxConnections = maxConnections;
  server.on('drop', () => refusedConnections++);
  server.on('connection', (socket) => {
    sockets.add(socket);
    peakConnections = Math.max(peakConnections, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: thousands of clients connecting at once must not wait for SYN retries.
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => { server.off('error', reject); resolve(); });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    origin,
    get requestCount() { return requestCount; },
    get peakConnections() { return peakConnections; },
    get refusedConnections() { return refusedConnections; },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const cancel of pendingAnswers) cancel();
        pendingAnswers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/**
 * Run `fn` with a latency server that is closed afterwards, also when `fn` throws:
 * re-running a notebook cell never leaves a server behind.
 * @example await withLatencyServer({ latencyMs: 50 }, (server) => downloadAll(pageUrls(server.url, 10)));
 */
export async function withLatencyServer<T>(options: LatencyServerOptions, fn: (server: LatencyServer) => Promise<T>): Promise<T> {
  const server = await startLatencyServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * `count` distinct page URLs on a server: `${base}page/0`, `${base}page/1`, …
 * @example pageUrls(server.url, 50)
 */
export function pageUrls(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => new URL(`page/${index}`, base).href);
}

/**
 * The embedded stand-in for "50 web sites": an HTTP server on 127.0.0.1 that answers every GET after
 * a set latency, measured from the request's arrival, with a body sliced from one shared buffer, and
 * can inject reproducible faults (500s, resets, stalls).
 *
 * Its memory is bounded whatever clients do: bodies are never allocated per answer (see `writeBody`),
 * connections are capped (`DEFAULT_MAX_CONNECTIONS`), each with at most `MAX_WAITING_PER_CONNECTION`
 * requests waiting, and fault bookkeeping at most `REMEMBERED_PATHS` hashed paths.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type CancelDeadline, startDeadline } from '../measure/deadline';
import { type AnswerTiming, AnswerTimes } from './answer-times';
import { writeBody } from './body-writer';
import { AttemptCounter, faultFor } from './faults';
import {
  type LatencyServerOptions,
  MAX_WAITING_PER_CONNECTION,
  requestedAnswer,
  resolveOptions,
} from './latency-server-options';
import { usingStarted } from '../using-started';

export { faultFor, REMEMBERED_PATHS } from './faults';
export type { FaultKind, FaultOptions } from './faults';
export type { AnswerTiming } from './answer-times';
export {
  DEFAULT_MAX_CONNECTIONS,
  MAX_BODY_BYTES,
  MAX_LATENCY_MS,
  MAX_WAITING_PER_CONNECTION,
  requestedAnswer,
} from './latency-server-options';
export type { LatencyServerOptions } from './latency-server-options';

/** The header of every 200 answer that holds when it was written: `process.hrtime.bigint()`, in ns. */
export const SENT_AT_HEADER = 'x-sent-at-ns';

export interface LatencyServer {
  url: string;
  origin: string;
  /** How many requests arrived, faults included. */
  readonly requestCount: number;
  /** The most connections that were open at once (refused ones not counted). */
  readonly peakConnections: number;
  /** How many connections were refused for going past `maxConnections`. */
  readonly refusedConnections: number;
  /** The cap on connections open at once (`Infinity` for none). */
  readonly maxConnections: number;
  /** Whether answers poll their last millisecond (see `LatencyServerOptions.exactLatency`). */
  readonly exactLatency: boolean;
  /** Answers whose body is being written now (a client that reads slowly keeps its answer here). */
  readonly writingCount: number;
  /** How long after their latency the answers were written, measured from each request's arrival. */
  answerTiming(): AnswerTiming;
  /** Stop listening and drop every open connection and pending answer. */
  close(): Promise<void>;
}

/** An open connection: how many of its requests wait for their answer, and the timers of those answers. */
interface Connection {
  waiting: number;
  deadlines: Set<CancelDeadline>;
}

/**
 * Start the latency server on 127.0.0.1 (a free port unless `port` is given).
 * An answer leaves once its latency has passed since its request arrived, never before, and up to
 * about a millisecond after, or with `exactLatency` a fraction of one (`answerTiming()` says how much).
 * @example const server = await startLatencyServer({ latencyMs: 100, bytes: 51_200 });
 *   try { await downloadAll(pageUrls(server.url, 50)); } finally { await server.close(); }
 */
export async function startLatencyServer(options: LatencyServerOptions = {}): Promise<LatencyServer> {
  const { latencyMs, bytes, jitterMs, faults, port, maxConnections, exactLatency } = resolveOptions(options);
  const attempts = new AttemptCounter();
  const answerTimes = new AnswerTimes();
  const connections = new Map<Socket, Connection>();
  let requestCount = 0;
  let peakConnections = 0;
  let refusedConnections = 0;
  let writingCount = 0;

  const server = http.createServer((request, response) => {
    // The latency counts from here: the answer leaves this long after the request arrived.
    const arrivedMs = performance.now();
    requestCount++;
    const socket = request.socket;
    const connection = connections.get(socket);
    if (!connection || ++connection.waiting > MAX_WAITING_PER_CONNECTION) return void socket.destroy();
    // Serving must cost next to nothing (the client's measurements share the machine): a plain path
    // skips URL parsing, and attempts are counted only when faults need them.
    const target = request.url ?? '/';
    const defaults = { bytes, latencyMs: latencyMs + (jitterMs ? (Math.random() * 2 - 1) * jitterMs : 0) };
    const url = target.includes('?') ? new URL(target, 'http://127.0.0.1') : null;
    const asked = url ? requestedAnswer(url, defaults) : defaults;
    let cancel: CancelDeadline | undefined;
    // Answered, or the client went away: the connection waits for one answer less, and no timer runs on for nobody.
    response.once('close', () => {
      connection.waiting--;
      if (cancel) {
        cancel();
        connection.deadlines.delete(cancel);
      }
    });
    if ('refusal' in asked) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return void response.end(`${asked.refusal}\n`);
    }
    const path = url?.pathname ?? target;
    const fault = faults ? faultFor(faults, path, attempts.next(path)) : null;
    if (fault === 'stall') return; // never answers; the client's timeout must fire
    // Never early: the ideal times the notebooks draw assume every answer takes at least the latency.
    cancel = startDeadline(
      asked.latencyMs,
      () => {
        connection.deadlines.delete(cancel!);
        if (fault === 'reset') return void socket.destroy();
        answerTimes.record(performance.now() - arrivedMs, asked.latencyMs);
        if (fault === '500')
          return void response.writeHead(500, { 'content-type': 'text/plain' }).end('injected fault');
        // When it was written, on the machine's monotonic clock, which every process shares: a client on
        // this machine subtracts it from its own reading to see how long the answer waited for it.
        response.setHeader(SENT_AT_HEADER, String(process.hrtime.bigint()));
        writingCount++;
        void writeBody(response, 200, asked.bytes, socket).then(() => writingCount--);
      },
      { fromMs: arrivedMs, precise: exactLatency },
    );
    connection.deadlines.add(cancel);
  });
  server.keepAliveTimeout = 5_000;
  // Past the limit, net.Server closes a new connection before HTTP sees it and says so with 'drop'.
  if (maxConnections !== Infinity) server.maxConnections = maxConnections;
  server.on('drop', () => refusedConnections++);
  server.on('connection', (socket: Socket) => {
    const connection: Connection = { waiting: 0, deadlines: new Set() };
    connections.set(socket, connection);
    peakConnections = Math.max(peakConnections, connections.size);
    // A pipelined request's response gets no 'close' of its own when the connection goes: its timer is stopped here.
    socket.on('close', () => {
      for (const cancel of connection.deadlines) cancel();
      connections.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: thousands of clients connecting at once must not wait for SYN retries.
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    origin,
    get requestCount() {
      return requestCount;
    },
    get peakConnections() {
      return peakConnections;
    },
    get refusedConnections() {
      return refusedConnections;
    },
    get writingCount() {
      return writingCount;
    },
    maxConnections,
    exactLatency,
    answerTiming: () => answerTimes.timing(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const [socket, { deadlines }] of connections) {
          for (const cancel of deadlines) cancel();
          socket.destroy();
        }
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
export function withLatencyServer<T>(
  options: LatencyServerOptions,
  fn: (server: LatencyServer) => Promise<T>,
): Promise<T> {
  return usingStarted(startLatencyServer(options), fn);
}

/**
 * `count` distinct page URLs on a server: `${base}page/0`, `${base}page/1`, …
 * @example pageUrls(server.url, 50)
 */
export function pageUrls(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => new URL(`page/${index}`, base).href);
}

/**
 * Where a bounded client's time goes past the latency: each answer's wait from the moment the server
 * wrote it to the moment the client's one thread got to it. The server stamps every answer with the
 * machine's monotonic clock (`SENT_AT_HEADER`); the client reads the same clock, so on one machine
 * the difference is the answer's wait, with no clock to synchronise.
 */
import * as http from 'node:http';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { checkWhole } from '../check-range';
import { SENT_AT_HEADER, pageUrls } from '../io/latency-server';
import { withLatencyServerProcess } from '../io/latency-server-process';
import { MAX_LATENCY_MS } from '../io/latency-server-options';
import { LIMITS } from '../limits';
import { median } from '../measure/timing';
import { mapWithLimit } from '../sync/map-with-limit';
import { idealDownloadMs } from './io-bound';

/** One answer, in ms since the run started, all on the machine's monotonic clock. */
export interface AnswerWait {
  /** When the client asked for it. */
  askedMs: number;
  /** When the server wrote it (its latency had passed). */
  sentMs: number;
  /** When the client's thread handled its headers (`'response'`). */
  handledMs: number;
  /** When its whole body had been read. */
  endedMs: number;
}

export interface AnswerWaitsRun {
  pageCount: number;
  concurrency: number;
  latencyMs: number;
  wallMs: number;
  /** ⌈N/C⌉ rounds of the latency plus the server's median lateness: what the server really held. */
  heldIdealMs: number;
  /** The client process's CPU time per answer (user + system; the server runs in another process). */
  cpuMsPerAnswer: number;
  /** In the order the client asked for them. */
  answers: AnswerWait[];
  /** This process's garbage collections during the run: when each began (ms since the start), how long it took. */
  collections: { startMs: number; durationMs: number }[];
}

const nowMs = (originNs: bigint) => Number(process.hrtime.bigint() - originNs) / 1e6;

/** One GET through `agent`, its body read and dropped: its times, or an error naming the URL. */
function timedAnswer(url: string, agent: http.Agent, originNs: bigint): Promise<AnswerWait> {
  return new Promise((resolve, reject) => {
    const askedMs = nowMs(originNs);
    const request = http.get(url, { agent }, (response) => {
      const handledMs = nowMs(originNs);
      const stamp = response.headers[SENT_AT_HEADER];
      response.resume();
      response.once('error', reject);
      response.once('end', () => {
        if (response.statusCode !== 200 || typeof stamp !== 'string')
          return reject(new Error(`${url} answered ${response.statusCode} without ${SENT_AT_HEADER}`));
        resolve({ askedMs, sentMs: Number(BigInt(stamp) - originNs) / 1e6, handledMs, endedMs: nowMs(originNs) });
      });
    });
    request.once('error', reject);
  });
}

/**
 * Download `pageCount` pages of an embedded latency server (in a process of its own) with a bare
 * `http.get` loop, `concurrency` in flight on keep-alive connections, and keep each answer's times.
 * @example const run = await answerWaits({ pageCount: 500, concurrency: 50, latencyMs: 50 });
 */
export async function answerWaits({
  pageCount = 500,
  concurrency = 50,
  latencyMs = 50,
  bytes = 51_200,
}: {
  pageCount?: number;
  concurrency?: number;
  latencyMs?: number;
  bytes?: number;
} = {}): Promise<AnswerWaitsRun> {
  checkWhole('pageCount', pageCount, LIMITS.pages);
  checkWhole('concurrency', concurrency, LIMITS.concurrency);
  checkWhole('latencyMs', latencyMs, { min: 0, max: MAX_LATENCY_MS });
  return withLatencyServerProcess({ latencyMs, bytes }, async (server) => {
    const urls = pageUrls(server.url, pageCount);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const collections: AnswerWaitsRun['collections'] = [];
    const cpuBefore = process.cpuUsage();
    const originNs = process.hrtime.bigint();
    const originPerfMs = performance.now();
    const recordCollections = (entries: readonly PerformanceEntry[]) => {
      for (const entry of entries)
        collections.push({ startMs: entry.startTime - originPerfMs, durationMs: entry.duration });
    };
    // A collection stops the one thread that handles the answers: those that arrive meanwhile wait.
    const observer = new PerformanceObserver((list) => recordCollections(list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    let answers: AnswerWait[];
    try {
      answers = await mapWithLimit(urls, concurrency, (url) =>
        // One failed answer ends the run: the others in flight are cut off rather than waited for.
        timedAnswer(url, agent, originNs).catch((error) => {
          agent.destroy();
          throw error;
        }),
      );
    } finally {
      agent.destroy();
      // Entries are delivered on a later turn of the loop: take the last ones before stopping.
      recordCollections(observer.takeRecords());
      observer.disconnect();
    }
    const wallMs = nowMs(originNs);
    const cpu = process.cpuUsage(cpuBefore);
    // A server of its own, fresh: its median lateness is this run's (0 before any answer).
    const { lateP50Ms } = await server.stats();
    return {
      pageCount,
      concurrency,
      latencyMs,
      wallMs,
      heldIdealMs: idealDownloadMs(pageCount, concurrency, latencyMs + lateP50Ms),
      cpuMsPerAnswer: (cpu.user + cpu.system) / 1000 / pageCount,
      answers,
      collections: collections.filter((c) => c.startMs >= 0 && c.startMs <= wallMs),
    };
  });
}

/** What the first round's answers show: written faster than the client handles them, they waited in line. */
export interface FirstRound {
  /** From the first answer of the round written to the last, in ms. */
  sentSpreadMs: number;
  /** The mean time between two of them being written, in ms (the spread over the gaps). */
  sentGapMs: number;
  /** The longest any of them waited between its write and its handling, in ms. */
  longestWaitMs: number;
  /** Their median wait, in ms. */
  medianWaitMs: number;
  /**
   * The wait each place in line adds (a least-squares slope over the answers in the order written), in
   * ms. Answers written `sentGapMs` apart and handled in `h` ms each add `h − sentGapMs`: so the time
   * the client took per answer is about this plus `sentGapMs`.
   */
  waitAddedPerPlaceMs: number;
  /** Spearman's rank correlation of wait with place in line: near 1 when the waits form a line. */
  placeWaitCorrelation: number;
  /** The median wait of the answers asked after the first three rounds' worth (3 × concurrency), in ms. */
  laterMedianWaitMs: number;
}

/** The median, NaN for none (a run too short to have answers after its first three rounds). */
const medianOrNaN = (values: readonly number[]) => (values.length === 0 ? Number.NaN : median(values));

/** The least-squares slope of `ys` against 0, 1, 2 … */
function slopeOverPlace(ys: readonly number[]): number {
  const meanX = (ys.length - 1) / 2;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let cross = 0;
  let square = 0;
  ys.forEach((y, x) => {
    cross += (x - meanX) * (y - meanY);
    square += (x - meanX) ** 2;
  });
  return square === 0 ? 0 : cross / square;
}

/** Each value's rank, 0 for the least; ties share their mean rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let k = start; k <= end; k++) result[order[k].index] = (start + end) / 2;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation of `ys` with their place 0, 1, 2 … (0 when either does not vary). */
function correlationWithPlace(ys: readonly number[]): number {
  const ry = ranks(ys);
  const mean = (ys.length - 1) / 2;
  let cross = 0;
  let xx = 0;
  let yy = 0;
  ry.forEach((r, x) => {
    cross += (x - mean) * (r - mean);
    xx += (x - mean) ** 2;
    yy += (r - mean) ** 2;
  });
  return xx === 0 || yy === 0 ? 0 : cross / Math.sqrt(xx * yy);
}

/** Summarise `run`'s first `concurrency` answers (by when they were written) against the later ones. */
export function firstRound(run: AnswerWaitsRun): FirstRound {
  const wait = (answer: AnswerWait) => answer.handledMs - answer.sentMs;
  const first = run.answers.slice(0, run.concurrency).sort((a, b) => a.sentMs - b.sentMs);
  const waits = first.map(wait);
  const sentSpreadMs = first.length === 0 ? 0 : first[first.length - 1].sentMs - first[0].sentMs;
  return {
    sentSpreadMs,
    sentGapMs: first.length < 2 ? 0 : sentSpreadMs / (first.length - 1),
    longestWaitMs: Math.max(...waits),
    medianWaitMs: medianOrNaN(waits),
    waitAddedPerPlaceMs: slopeOverPlace(waits),
    placeWaitCorrelation: correlationWithPlace(waits),
    laterMedianWaitMs: medianOrNaN(run.answers.slice(3 * run.concurrency).map(wait)),
  };
}

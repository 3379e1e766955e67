/**
 * How exactly the latency server keeps its latency, measured by the server: each answer's time from
 * the request's arrival to its write, less the latency it was asked to wait. Kept in a histogram of
 * fixed size, so the record costs no memory per answer.
 */
import { createHistogram } from 'node:perf_hooks';

/** The answers' lateness so far: how long after its latency each answer was written. */
export interface AnswerTiming {
  /** Answers written after their wait (200s and injected 500s). */
  answerCount: number;
  /** Answers written before their latency had passed: 0 unless the server is broken. */
  earlyCount: number;
  /** Lateness past the latency, in ms: median, 99th percentile and most (0 when nothing was answered). */
  lateP50Ms: number;
  lateP99Ms: number;
  lateMaxMs: number;
}

/** Records each answer's lateness in microseconds, in an HDR histogram (3 significant digits). */
export class AnswerTimes {
  private readonly lateMicroseconds = createHistogram();
  private earlyCount = 0;

  /** Record an answer written `heldMs` after its request arrived, which was to wait `latencyMs`. */
  record(heldMs: number, latencyMs: number): void {
    const lateMs = heldMs - latencyMs;
    if (lateMs < 0) this.earlyCount++;
    // The histogram holds whole numbers from 1: an answer on time to the microsecond counts as 1 µs.
    else this.lateMicroseconds.record(Math.max(1, Math.round(lateMs * 1000)));
  }

  /** The lateness so far, in ms. */
  timing(): AnswerTiming {
    const histogram = this.lateMicroseconds;
    const ms = (microseconds: number) => (histogram.count === 0 ? 0 : microseconds / 1000);
    return {
      answerCount: histogram.count + this.earlyCount,
      earlyCount: this.earlyCount,
      lateP50Ms: ms(histogram.percentile(50)),
      lateP99Ms: ms(histogram.percentile(99)),
      lateMaxMs: ms(histogram.max),
    };
  }
}

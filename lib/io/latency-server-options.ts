/**
 * What the latency server can be asked, by option or per request (`?bytes=`, `?latency=`), the
 * ceilings that keep it bounded, and the checks that name a bad value.
 */
import type { FaultOptions } from './faults';

/** The largest body the server sends, by option or by `?bytes=`: 64 MiB. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The longest latency it waits, by option or by `?latency=`: one minute. */
export const MAX_LATENCY_MS = 60_000;
/**
 * Connections open at once unless `maxConnections` says otherwise: the most any experiment opens
 * (notebook 04's thousands of connections go up to 20 000), and what bounds the server's memory.
 */
export const DEFAULT_MAX_CONNECTIONS = 20_000;
/**
 * Requests one connection may have waiting for their answers (HTTP/1.1 pipelining); a connection
 * that sends more is closed. No client here pipelines; without a limit, one connection could make
 * the server hold a timer and a response for every request it sends.
 */
export const MAX_WAITING_PER_CONNECTION = 4;

export interface LatencyServerOptions {
  /** Up to `MAX_LATENCY_MS`. */
  latencyMs?: number;
  /**
   * Body size of each answer, up to `MAX_BODY_BYTES` (override per request with `?bytes=N`;
   * `?latency=MS` overrides the latency).
   */
  bytes?: number;
  /** Each answer waits latencyMs ± up to jitterMs. */
  jitterMs?: number;
  faults?: FaultOptions;
  port?: number;
  /**
   * Answer within a fraction of a millisecond after the latency, polling its last millisecond (about
   * that much CPU per answer), instead of up to about a millisecond after. Default false: in-process,
   * the polling would take the client's own thread; `startLatencyServerProcess` and `runbook serve`,
   * whose process only serves, turn it on.
   */
  exactLatency?: boolean;
  /**
   * Refuse connections past this many open at once, as a real server's connection limit does
   * (the connection is closed unanswered). Default `DEFAULT_MAX_CONNECTIONS`; `Infinity` for none.
   */
  maxConnections?: number;
}

/** Fill in the defaults once, then check the values that will be used. */
export function resolveOptions(
  options: LatencyServerOptions,
): Required<Omit<LatencyServerOptions, 'faults'>> & Pick<LatencyServerOptions, 'faults'> {
  const {
    latencyMs = 100,
    bytes = 51_200,
    jitterMs = 0,
    faults,
    port = 0,
    maxConnections = DEFAULT_MAX_CONNECTIONS,
    exactLatency = false,
  } = options;
  if (!(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
    throw new RangeError(
      `Expected \`latencyMs\` to be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${latencyMs}`,
    );
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BODY_BYTES)
    throw new RangeError(`Expected \`bytes\` to be a whole number from 0 to ${MAX_BODY_BYTES}, got ${bytes}`);
  if (!(jitterMs >= 0) || jitterMs > latencyMs) throw new RangeError('Expected `jitterMs` to be from 0 to `latencyMs`');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError('Expected `port` to be from 0 to 65535');
  if (faults && !(faults.rate >= 0 && faults.rate <= 1))
    throw new RangeError('Expected `faults.rate` to be from 0 to 1');
  if (!(maxConnections === Infinity || (Number.isInteger(maxConnections) && maxConnections >= 1)))
    throw new RangeError('Expected `maxConnections` to be a whole number from 1 up (or Infinity)');
  if (typeof exactLatency !== 'boolean') throw new TypeError('Expected `exactLatency` to be true or false');
  return { latencyMs, bytes, jitterMs, faults, port, maxConnections, exactLatency };
}

/**
 * What a request asks of the server beyond the defaults, or why it cannot have it (a 400 answer).
 * `?bytes=N` must be a whole number up to `MAX_BODY_BYTES`, `?latency=MS` a number of ms up to `MAX_LATENCY_MS`.
 */
export function requestedAnswer(
  url: URL,
  defaults: { bytes: number; latencyMs: number },
): { bytes: number; latencyMs: number } | { refusal: string } {
  const bytesText = url.searchParams.get('bytes');
  const latencyText = url.searchParams.get('latency');
  const bytes = bytesText === null ? defaults.bytes : /^\d{1,9}$/.test(bytesText) ? Number(bytesText) : NaN;
  const latencyMs = latencyText === null ? defaults.latencyMs : latencyText.trim() === '' ? NaN : Number(latencyText);
  if (!(bytes <= MAX_BODY_BYTES)) return { refusal: `bytes must be a whole number from 0 to ${MAX_BODY_BYTES}` };
  if (!(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
    return { refusal: `latency must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}` };
  return { bytes, latencyMs };
}

/** `runbook serve` and `runbook download`: the I/O-bound section's experiments, headless. */
import type { DownloadResult } from '../../lib/io/download';
import type { LatencyServer } from '../../lib/io/latency-server';
import { DEFAULT_MAX_CONNECTIONS, MAX_BODY_BYTES, MAX_LATENCY_MS } from '../../lib/io/latency-server-options';
import { progressReporter } from '../../lib/notebook/progress';
import { MAX_TIMER_MS } from '../../lib/timer-limit';
import { choiceOption, intOption, type OptionValues, UsageError } from '../args';
import { LIMITS } from '../../lib/limits';
import { type Command, declareOptions } from '../command';
import { showChartUntilClosed } from '../interactive-plot';

/** `--concurrency` takes a whole number from 1 up, or `unbounded` (the one-thread-per-URL analogue). */
function concurrencyOption(values: OptionValues): number {
  if (values.concurrency === 'unbounded') return Infinity;
  return intOption(values, 'concurrency', 10, LIMITS.concurrency);
}

/**
 * `--max-connections`: the embedded server's limit on connections open at once
 * (`DEFAULT_MAX_CONNECTIONS` by default).
 */
function maxConnectionsOption(values: OptionValues): number {
  return intOption(values, 'max-connections', DEFAULT_MAX_CONNECTIONS, LIMITS.serverConnections);
}

/** What `serve` says when it stops: its counts, how exactly it kept the latency, and its CPU per answer. */
function serveSummary(server: LatencyServer, cpuMs: number): string {
  const refused = server.refusedConnections > 0 ? `, refused ${server.refusedConnections} connections` : '';
  const lines = [
    `served ${server.requestCount} requests, at most ${server.peakConnections} connections at once${refused}`,
  ];
  const { answerCount, earlyCount, lateP50Ms, lateP99Ms, lateMaxMs } = server.answerTiming();
  if (answerCount > 0) {
    lines.push(
      `answers left after their latency by ${lateP50Ms.toFixed(3)} ms at the median, ` +
        `${lateP99Ms.toFixed(3)} ms at p99, ${lateMaxMs.toFixed(3)} ms at most (${earlyCount} early), ` +
        "from each request's arrival",
    );
    lines.push(`this server process's CPU: ${(cpuMs / answerCount).toFixed(3)} ms per answer`);
  }
  return `${lines.join('\n')}\n`;
}

export const serve: Command = {
  usage:
    'serve [--latency-ms 100] [--bytes 51200] [--port 0] [--fault-rate 0] ' +
    `[--max-connections ${DEFAULT_MAX_CONNECTIONS}]`,
  summary: 'run the embedded latency server on 127.0.0.1 until interrupted',
  interrupt: 'normal-stop',
  options: declareOptions(['latency-ms', 'bytes', 'port', 'fault-rate', 'max-connections']),
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { startLatencyServer } =
      require('../../lib/io/latency-server') as typeof import('../../lib/io/latency-server');
    const rate = values['fault-rate'] === undefined ? 0 : Number(values['fault-rate']);
    if (!(rate >= 0 && rate <= 1))
      throw new UsageError(`--fault-rate expects a number from 0 to 1, got "${String(values['fault-rate'])}"`);
    const server = await startLatencyServer({
      latencyMs: intOption(values, 'latency-ms', 100, { max: MAX_LATENCY_MS }),
      bytes: intOption(values, 'bytes', 51_200, { max: MAX_BODY_BYTES }),
      port: intOption(values, 'port', 0, { max: 65_535 }),
      faults: rate > 0 ? { rate } : undefined,
      maxConnections: maxConnectionsOption(values),
      // This process only serves: polling each answer's last millisecond takes no one's CPU.
      exactLatency: true,
    });
    // CPU from here on is serving: what an answer costs this process.
    const cpuAtStart = process.cpuUsage();
    // Interrupting is the normal way to stop: close cleanly, exit 0. Listening before the URL is
    // printed: whoever reads it may interrupt at once.
    const interrupted = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdout.write(`${server.url}\n`);
    await interrupted;
    await server.close();
    const { user, system } = process.cpuUsage(cpuAtStart);
    process.stderr.write(serveSummary(server, (user + system) / 1000));
    return 0;
  },
};

interface DownloadReport {
  wallMs: number;
  /** ⌈N/C⌉ · latency; only for the embedded server, whose latency is known. */
  idealMs: number | null;
  concurrency: number | 'unbounded';
  ok: number;
  failed: number;
  results: DownloadResult[];
}

export const download: Command = {
  usage:
    'download [URL ...] [--n 50] [--concurrency 10|unbounded] [--latency-ms 100] [--bytes 51200] ' +
    `[--max-connections ${DEFAULT_MAX_CONNECTIONS}] [--timeout-ms 30000] [--retries 0] ` +
    '[--client node-fetch|builtin|node:http] [--json] [--plot]',
  summary: 'download URLs (or N pages of the embedded server) with bounded concurrency',
  positionals: true,
  options: declareOptions(
    ['n', 'concurrency', 'latency-ms', 'bytes', 'max-connections', 'timeout-ms', 'retries', 'client'],
    ['json', 'plot'],
  ),
  async run(values, urls) {
    // Loaded when the command runs (see Command.run).
    const { downloadAll, MAX_RETRIES } = require('../../lib/io/download') as typeof import('../../lib/io/download');
    const { FETCH_CLIENTS } = require('../../lib/io/http-clients') as typeof import('../../lib/io/http-clients');
    const { pageUrls } = require('../../lib/io/latency-server') as typeof import('../../lib/io/latency-server');
    const { withLatencyServerProcess } =
      require('../../lib/io/latency-server-process') as typeof import('../../lib/io/latency-server-process');
    const { idealDownloadMs } =
      require('../../lib/experiments/io-bound') as typeof import('../../lib/experiments/io-bound');
    const n = intOption(values, 'n', 50, LIMITS.pages);
    const concurrency = concurrencyOption(values);
    const latencyMs = intOption(values, 'latency-ms', 100, { max: MAX_LATENCY_MS });
    const bytes = intOption(values, 'bytes', 51_200, { max: MAX_BODY_BYTES });
    const maxConnections = maxConnectionsOption(values);
    const timeoutMs = intOption(values, 'timeout-ms', 30_000, { min: 1, max: MAX_TIMER_MS });
    const retries = intOption(values, 'retries', 0, { max: MAX_RETRIES });
    const client = choiceOption(values, 'client', FETCH_CLIENTS, 'node-fetch');
    if (urls.length > 0 && ['n', 'latency-ms', 'bytes', 'max-connections'].some((name) => values[name] !== undefined)) {
      throw new UsageError(
        '--n, --latency-ms, --bytes and --max-connections describe the embedded server: give them without URLs',
      );
    }
    const onProgress = progressReporter('downloading');
    const run = async (pages: string[]) => {
      const started = performance.now();
      const results = await downloadAll(pages, { concurrency, timeoutMs, retries, onProgress, fetch: client });
      return { results, wallMs: performance.now() - started };
    };
    const { results, wallMs } =
      urls.length > 0
        ? await run(urls)
        : await withLatencyServerProcess({ latencyMs, bytes, maxConnections }, async (server) => {
            // One untimed round first, as `map` warms its pool: the client's code is loaded and compiled
            // before the clock runs, without waiting the latency (real URLs are fetched once, as given).
            await downloadAll(
              pageUrls(server.url, Math.min(n, 100)).map((url) => `${url}?latency=0`),
              { concurrency, timeoutMs, fetch: client },
            );
            return run(pageUrls(server.url, n));
          });
    const ok = results.filter((result) => result.ok).length;
    const report: DownloadReport = {
      wallMs,
      idealMs: urls.length > 0 ? null : idealDownloadMs(n, concurrency, latencyMs),
      concurrency: concurrency === Infinity ? 'unbounded' : concurrency,
      ok,
      failed: results.length - ok,
      results,
    };
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report));
    if (values.plot) {
      // A timeline: one bar per request, from its start to its end; failures in a series of their own.
      const bars = (ok: boolean) => {
        const chosen = results.map((result, index) => ({ result, index })).filter(({ result }) => result.ok === ok);
        return {
          type: 'bar' as const,
          orientation: 'h' as const,
          name: ok ? 'downloaded' : 'failed',
          y: chosen.map(({ index }) => `#${index}`),
          base: chosen.map(({ result }) => result.startMs),
          x: chosen.map(({ result }) => result.endMs - result.startMs),
        };
      };
      await showChartUntilClosed([bars(true), bars(false)], {
        title: `${results.length} URLs, concurrency ${report.concurrency}: ${wallMs.toFixed(0)} ms`,
        xaxis: { title: 'time since start (ms)' },
        yaxis: { title: 'request', autorange: 'reversed' },
        height: Math.min(2000, 200 + 12 * results.length),
      });
    }
    return 0;
  },
};

function describe(report: DownloadReport): string {
  const lines = [
    `${report.results.length} URLs, concurrency ${report.concurrency}: ${report.ok} ok, ${report.failed} failed ` +
      `in ${report.wallMs.toFixed(0)} ms`,
  ];
  if (report.idealMs !== null)
    lines.push(
      `ideal ${report.idealMs} ms (⌈N/C⌉ × latency): efficiency ${(report.idealMs / report.wallMs).toFixed(3)}`,
    );
  for (const result of report.results.filter((item) => !item.ok).slice(0, 10))
    lines.push(`  failed ${result.url}: ${result.error}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The I/O benchmark: 500 pages at 100 ms latency, C ∈ {10, 50, unbounded}; efficiency = ideal / wall
 * and client CPU per request, beside the floor of a bare `http.get` loop and Python's thread pool,
 * all against the same server (in a process of its own) in the same run; then the server's own rows
 * (bench/latency-server.ts).
 */
import { downloadAll, idealDownloadMs, medianProfile, pageUrls, startLatencyServerProcess } from '../lib';
import { bareHttpDownload, bareNodeFetchDownload } from './bare-http';
import { benchLatencyServer } from './latency-server';
import { runPython } from './processes';
import { type Goal, goals, table } from './report';

const PAGES = 500;
const LATENCY_MS = 100;
const RUNS = 5;
/** Client, concurrency, least efficiency: node-fetch at C = 50 has none, its figure is printed above. */
const CLIENT_GOALS: ReadonlyArray<readonly [client: string, concurrency: number, target: number]> = [
  ['node:http', 10, 0.99],
  ['node-fetch', 10, 0.985],
  ['node:http', 50, 0.95],
];

interface Row {
  concurrency: number;
  client: string;
  wallMs: number;
  efficiency: number;
  cpuMsPerRequest: number;
  ok: number;
}
type Client = (urls: string[], concurrency: number) => Promise<number>;

/** Node clients, each timed as the median of RUNS runs on the same pages. */
const nodeClients: Record<string, Client> = {
  [`node downloadAll, node-fetch (median of ${RUNS})`]: async (urls, concurrency) =>
    (await downloadAll(urls, { concurrency })).filter((r) => r.ok).length,
  [`node downloadAll, node:http (median of ${RUNS})`]: async (urls, concurrency) =>
    (await downloadAll(urls, { concurrency, fetch: 'node:http' })).filter((r) => r.ok).length,
  [`node bare node-fetch loop (median of ${RUNS})`]: bareNodeFetchDownload,
  [`node bare http.get floor (median of ${RUNS})`]: bareHttpDownload,
};

async function timeClient(
  client: Client,
  urls: string[],
  concurrency: number,
): Promise<Omit<Row, 'client' | 'concurrency' | 'efficiency'>> {
  const { wallMs, cpuMs, results } = await medianProfile(RUNS, () => client(urls, concurrency));
  return { wallMs, cpuMsPerRequest: cpuMs / urls.length, ok: Math.min(...results) };
}

export async function benchIo(): Promise<number> {
  const list: Goal[] = [];
  const server = await startLatencyServerProcess({ latencyMs: LATENCY_MS, bytes: 51_200 });
  try {
    const urls = pageUrls(server.url, PAGES);
    // Warm the JIT and the code paths.
    for (const client of Object.values(nodeClients)) await client(urls.slice(0, 100), 10);
    const rows: Row[] = [];
    for (const concurrency of [10, 50, Infinity]) {
      const idealMs = idealDownloadMs(PAGES, concurrency, LATENCY_MS);
      for (const [name, client] of Object.entries(nodeClients)) {
        const timed = await timeClient(client, urls, concurrency);
        rows.push({ concurrency, client: name, ...timed, efficiency: idealMs / timed.wallMs });
      }
      const python =
        concurrency === Infinity
          ? runPython<{ client: string; wallMs: number; cpuMs: number; ok: number }>('downloader.py', [
              server.url,
              String(PAGES),
              'per-url',
            ])
          : runPython<{ client: string; wallMs: number; cpuMs: number; ok: number }>('downloader.py', [
              server.url,
              String(PAGES),
              'pool',
              String(concurrency),
            ]);
      if (python) {
        const client =
          concurrency === Infinity
            ? `python ${python.client}, one thread per URL`
            : `python ${python.client}, ThreadPoolExecutor(${concurrency})`;
        rows.push({
          concurrency,
          client,
          wallMs: python.wallMs,
          efficiency: idealMs / python.wallMs,
          cpuMsPerRequest: python.cpuMs / PAGES,
          ok: python.ok,
        });
      }
    }
    table(
      `I/O: ${PAGES} pages, ${LATENCY_MS} ms latency, 50 KiB each, server in its own process`,
      ['C', 'client', 'wall ms', 'efficiency', 'CPU ms/req', 'ok'],
      rows.map((r) => [
        r.concurrency === Infinity ? 'unbounded' : r.concurrency,
        r.client,
        r.wallMs,
        r.efficiency,
        r.cpuMsPerRequest,
        r.ok,
      ]),
    );
    const rowAt = (c: number, prefix: string) => rows.find((r) => r.concurrency === c && r.client.startsWith(prefix));
    const nodeAt = (c: number) => rowAt(c, 'node downloadAll, node-fetch')!;
    // The goals; node-fetch's is lower because its fetch layer costs CPU per response; it has none at C = 50.
    for (const [client, c, target] of CLIENT_GOALS) {
      const row = rowAt(c, `node downloadAll, ${client}`)!;
      list.push({ what: `efficiency at C = ${c}, ${client}`, measured: row.efficiency, op: '>=', target });
    }
    for (const client of ['node-fetch', 'node:http']) {
      for (const c of [10, 50]) {
        const python = rowAt(c, 'python');
        if (python)
          list.push({
            what: `efficiency ahead of Python at C = ${c}, ${client} (node − python)`,
            measured: rowAt(c, `node downloadAll, ${client}`)!.efficiency - python.efficiency,
            op: '>=',
            target: 0,
          });
      }
    }
    // Each client beside the bare loop over the same client: what downloadAll's timeouts, retries and results cost.
    for (const c of [10, 50]) {
      for (const [client, floorPrefix, floorName] of [
        ['node-fetch', 'node bare node-fetch', 'bare node-fetch loop'],
        ['node:http', 'node bare http.get', 'bare http.get floor'],
      ]) {
        const row = rowAt(c, `node downloadAll, ${client}`)!;
        const floor = rowAt(c, floorPrefix)!;
        console.log(
          `C = ${c}: downloadAll with ${client} reaches ${(row.efficiency / floor.efficiency).toFixed(3)} of ` +
            `the ${floorName} (${floor.efficiency.toFixed(3)}), ` +
            `at ${(row.cpuMsPerRequest / floor.cpuMsPerRequest).toFixed(2)}× its CPU per request`,
        );
      }
    }
    console.log(
      `unbounded (the lesson, not a goal): every request at once costs ${nodeAt(Infinity).wallMs.toFixed(0)} ms ` +
        `against ${LATENCY_MS} ms ideal`,
    );
  } finally {
    await server.close();
  }
  // The server's own rows come after, each on a fresh server process.
  list.push(...(await benchLatencyServer()));
  return goals(list);
}

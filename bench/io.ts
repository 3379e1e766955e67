/**
 * The I/O benchmark: 500 pages at 100 ms latency, C ∈ {10, 50, unbounded}; efficiency = ideal / wall
 * and client CPU per request, beside the floor of a bare `http.get` loop and Python's thread pool,
 * all against the same server (in a process of its own) in the same run.
 */
import { downloadAll, idealDownloadMs, medianProfile, pageUrls, startLatencyServerProcess } from '../lib';
import { bareHttpDownload, bareNodeFetchDownload } from './bare-http';
import { runPython } from './processes';
import { Goal, goals, table } from './report';

const PAGES = 500;
const LATENCY_MS = 100;
const RUNS = 5;

interface Row { concurrency: number; client: string; wallMs: number; efficiency: number; cpuMsPerRequest: number; ok: number }
type Client = (urls: string[], concurrency: number) => Promise<number>;

/** Node clients, each timed as the median of RUNS runs on the same pages. */
const nodeClients: Record<string, Client> = {
  [`node downloadAll (median of ${RUNS})`]: async (urls, concurrency) => (await downloadAll(urls, { concurrency })).filter((r) => r.ok).length,
  [`node bare node-fetch loop (median of ${RUNS})`]: bareNodeFetchDownload,
  [`node bare http.get floor (median of ${RUNS})`]: bareHttpDownload,
};

async function timeClient(client: Client, urls: string[], concurrency: number): Promise<Omit<Row, 'client' | 'concurrency' | 'efficiency'>> {
  const { wallMs, cpuMs, results } = await medianProfile(RUNS, () => client(urls, concurrency));
  return { wallMs, cpuMsPerRequest: cpuMs / urls.length, ok: Math.min(...results) };
}

export async function benchIo(): Promise<number> {
  const server = await startLatencyServerProcess({ latencyMs: LATENCY_MS, bytes: 51_200 });
  try {
    const urls = pageUrls(server.url, PAGES);
    for (const client of Object.values(nodeClients)) await client(urls.slice(0, 100), 10); // warm the JIT and the code paths
    const rows: Row[] = [];
    for (const concurrency of [10, 50, Infinity]) {
      const idealMs = idealDownloadMs(PAGES, concurrency, LATENCY_MS);
      for (const [name, client] of Object.entries(nodeClients)) {
        const timed = await timeClient(client, urls, concurrency);
        rows.push({ concurrency, client: name, ...timed, efficiency: idealMs / timed.wallMs });
      }
      const python = concurrency === Infinity
        ? runPython<{ client: string; wallMs: number; cpuMs: number; ok: number }>('downloader.py', [server.url, String(PAGES), 'per-url'])
        : runPython<{ client: string; wallMs: number; cpuMs: number; ok: number }>('downloader.py', [server.url, String(PAGES), 'pool', String(concurrency)]);
      if (python) {
        const client = concurrency === Infinity ? `python ${python.client}, one thread per URL` : `python ${python.client}, ThreadPoolExecutor(${concurrency})`;
        rows.push({ concurrency, client, wallMs: python.wallMs, efficiency: idealMs / python.wallMs, cpuMsPerRequest: python.cpuMs / PAGES, ok: python.ok });
      }
    }
    table(`I/O: ${PAGES} pages, ${LATENCY_MS} ms latency, 50 KiB each, server in its own process`,
      ['C', 'client', 'wall ms', 'efficiency', 'CPU ms/req', 'ok'],
      rows.map((r) => [r.concurrency === Infinity ? 'unbounded' : r.concurrency, r.client, r.wallMs, r.efficiency, r.cpuMsPerRequest, r.ok]));
    const rowAt = (c: number, prefix: string) => rows.find((r) => r.concurrency === c && r.client.startsWith(prefix));
    const nodeAt = (c: number) => rowAt(c, 'node downloadAll')!;
    const list: Goal[] = [
      { what: 'efficiency at C = 10', measured: nodeAt(10).efficiency, op: '>=', target: 0.98 },
      { what: 'efficiency at C = 50', measured: nodeAt(50).efficiency, op: '>=', target: 0.93 },
    ];
    for (const c of [10, 50]) {
      const python = rowAt(c, 'python');
      if (python) list.push({ what: `efficiency ahead of Python at C = ${c} (node − python)`, measured: nodeAt(c).efficiency - python.efficiency, op: '>=', target: 0 });
    }
    for (const c of [10, 50]) {
      for (const [prefix, floorName] of [['node bare http.get', 'bare http.get floor'], ['node bare node-fetch', 'bare node-fetch loop']]) {
        const floor = rowAt(c, prefix)!;
        console.log(`C = ${c}: downloadAll reaches ${(nodeAt(c).efficiency / floor.efficiency).toFixed(3)} of the ${floorName} (${floor.efficiency.toFixed(3)}), at ${(nodeAt(c).cpuMsPerRequest / floor.cpuMsPerRequest).toFixed(2)}× its CPU per request`);
      }
    }
    console.log(`unbounded (the lesson, not a goal): every request at once costs ${nodeAt(Infinity).wallMs.toFixed(0)} ms against ${LATENCY_MS} ms ideal`);
    return goals(list);
  } finally {
    await server.close();
  }
}

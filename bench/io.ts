/**
 * The I/O benchmark: 500 pages at 100 ms latency, C ∈ {10, 50, unbounded}; efficiency = ideal / wall
 * and client CPU per request, beside Python's thread pool against the same server in the same run.
 */
import { downloadAll, idealDownloadMs, median, pageUrls, startLatencyServerProcess } from '../lib';
import { runPython } from './processes';
import { Goal, goals, table } from './report';

const PAGES = 500;
const LATENCY_MS = 100;
const RUNS = 3;

interface Row { concurrency: number; client: string; wallMs: number; efficiency: number; cpuMsPerRequest: number; ok: number }

export async function benchIo(): Promise<number> {
  const server = await startLatencyServerProcess({ latencyMs: LATENCY_MS, bytes: 51_200 });
  try {
    const urls = pageUrls(server.url, PAGES);
    await downloadAll(urls.slice(0, 100), { concurrency: 10 }); // warm the JIT and the code paths
    const rows: Row[] = [];
    for (const concurrency of [10, 50, Infinity]) {
      const idealMs = idealDownloadMs(PAGES, concurrency, LATENCY_MS);
      const runs: Array<{ wallMs: number; cpuMs: number; ok: number }> = [];
      for (let run = 0; run < RUNS; run++) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const results = await downloadAll(urls, { concurrency });
        const wallMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        runs.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ok: results.filter((r) => r.ok).length });
      }
      const wallMs = median(runs.map((r) => r.wallMs));
      rows.push({ concurrency, client: `node downloadAll (median of ${RUNS})`, wallMs, efficiency: idealMs / wallMs, cpuMsPerRequest: median(runs.map((r) => r.cpuMs)) / PAGES, ok: Math.min(...runs.map((r) => r.ok)) });
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
    const nodeAt = (c: number) => rows.find((r) => r.concurrency === c && r.client.startsWith('node'))!;
    const pythonAt = (c: number) => rows.find((r) => r.concurrency === c && r.client.startsWith('python'));
    const list: Goal[] = [
      { what: 'efficiency at C = 10', measured: nodeAt(10).efficiency, op: '>=', target: 0.98 },
      { what: 'efficiency at C = 50', measured: nodeAt(50).efficiency, op: '>=', target: 0.93 },
    ];
    for (const c of [10, 50]) {
      const python = pythonAt(c);
      if (python) list.push({ what: `efficiency ahead of Python at C = ${c} (node − python)`, measured: nodeAt(c).efficiency - python.efficiency, op: '>=', target: 0 });
    }
    console.log(`\nunbounded (the lesson, not a goal): every request at once costs ${nodeAt(Infinity).wallMs.toFixed(0)} ms against ${LATENCY_MS} ms ideal`);
    return goals(list);
  } finally {
    await server.close();
  }
}

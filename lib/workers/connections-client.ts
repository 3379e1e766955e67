/**
 * A fresh Node process that opens N connections at once, one GET each, on its one event loop: the
 * client side of the "thousands of connections" comparison, run alone so its CPU time and peak
 * memory are its own. usage: node connections-client.js BASE_URL N
 * Prints one JSON line: { connections, wallMs, cpuMs, peakRssMiB, failed, firstError }.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

const [base, countText] = process.argv.slice(2);
const count = Number(countText);
// No pooling: a connection per request, all at once, as N clients (or N threads) would have.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`status ${response.statusCode}`));
      }
      response.on('data', () => {});
      response.on('end', resolve);
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * This process's peak resident memory: VmHWM, which starts afresh with the program. getrusage's
 * maxrss would not: it keeps the high-water mark of the process this one was forked from, a
 * notebook kernel's hundreds of MiB.
 */
function peakRssMiB(): number {
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kib ? Number(kib) / 1024 : process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, index) => get(new URL(`page/${index}`, base).href)),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const failures = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  process.stdout.write(
    `${JSON.stringify({
      connections: count,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMiB: peakRssMiB(),
      failed: failures.length,
      firstError: failures[0] ? String((failures[0].reason as Error)?.message ?? failures[0].reason) : null,
    })}\n`,
  );
}

void main();

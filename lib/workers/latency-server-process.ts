/**
 * Child-process entry for `startLatencyServerProcess`: starts the latency server with the options
 * given as JSON in argv, prints its URL, and stops when told to or when its parent goes away.
 */
import { type LatencyServer, startLatencyServer } from '../io/latency-server';
import type { LatencyServerStats } from '../io/latency-server-process';

/** The server's counts and this process's own CPU time and memory: a snapshot. */
function stats(server: LatencyServer): LatencyServerStats {
  const { user, system } = process.cpuUsage();
  const { rss, arrayBuffers } = process.memoryUsage();
  const { requestCount, peakConnections, refusedConnections, maxConnections, exactLatency, writingCount } = server;
  return {
    requestCount,
    peakConnections,
    refusedConnections,
    maxConnections,
    exactLatency,
    writingCount,
    ...server.answerTiming(),
    cpuMs: (user + system) / 1000,
    rssMiB: rss / 2 ** 20,
    arrayBuffersMiB: arrayBuffers / 2 ** 20,
  };
}

async function main(): Promise<void> {
  // An unlimited option (Infinity) arrives as the string, JSON having no Infinity.
  const options = JSON.parse(process.argv[2] ?? '{}', (_key, value) => (value === 'Infinity' ? Infinity : value));
  const server = await startLatencyServer(options);
  process.stdout.write(`${server.url}\n`);
  // The parent asks for the server's counts over the IPC channel.
  process.on('message', (message) => {
    if (message === 'stats') process.send?.(stats(server));
  });
  // stdin is a pipe from the parent: it ends when the parent closes it or dies, so no server outlives it.
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve).resume();
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  process.disconnect?.();
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

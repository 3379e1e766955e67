/**
 * Child-process entry for `startLatencyServerProcess`: starts the latency server with the options
 * given as JSON in argv, prints its URL, and stops when told to or when its parent goes away.
 */
import { startLatencyServer } from '../io/latency-server';

async function main(): Promise<void> {
  const server = await startLatencyServer(JSON.parse(process.argv[2] ?? '{}'));
  process.stdout.write(`${server.url}\n`);
  // The parent asks for the server's counts over the IPC channel; the answer is a snapshot.
  process.on('message', (message) => {
    if (message === 'stats') process.send?.({ requestCount: server.requestCount, peakConnections: server.peakConnections, refusedConnections: server.refusedConnections });
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

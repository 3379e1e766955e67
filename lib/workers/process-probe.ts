/**
 * A child process for the processes-or-threads measurements: echoes what it is sent (the channel's
 * cost), holds a dataset it is sent (memory per process), and reports its resident memory.
 */
import { readFileSync } from 'node:fs';

const held: unknown[] = [];

/**
 * This process's proportional set size: its private pages plus its share of pages it shares (the node
 * binary's code, mapped by every Node process). RSS counts the shared pages whole. NaN without /proc.
 */
function proportionalBytes(): number {
  try {
    const kib = /^Pss:\s+(\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

type Probe = { kind: 'echo'; data: unknown } | { kind: 'hold'; data: Uint8Array } | { kind: 'rss' };

process.on('message', (message: Probe) => {
  // Only the size comes back, as a worker thread answers the same measurement: one way, then a small reply.
  if (message.kind === 'echo')
    return void process.send!({
      bytes:
        typeof message.data === 'string'
          ? Buffer.from(message.data, 'base64').length
          : (message.data as Uint8Array).byteLength,
    });
  if (message.kind === 'hold') {
    // Kept for as long as the process lives, one byte per page read, as a worker using its data would.
    const data = new Uint8Array(message.data.buffer, message.data.byteOffset, message.data.byteLength);
    held.push(data);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4096) sum += data[i];
    return void process.send!({ bytes: data.byteLength, sum });
  }
  // Collected first: the message a dataset arrived in is garbage once it is read (started with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  process.send!({ rssBytes: process.memoryUsage().rss, pssBytes: proportionalBytes() });
});
process.on('disconnect', () => process.exit(0));
process.send!('ready');

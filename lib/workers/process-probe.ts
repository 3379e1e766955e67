/**
 * A child process for the processes-or-threads measurements: echoes what it is sent (the channel's
 * cost), holds a dataset it is sent (memory per process), and reports its resident memory.
 */
const held: unknown[] = [];

type Probe = { kind: 'echo'; data: unknown } | { kind: 'hold'; data: Uint8Array } | { kind: 'rss' };

process.on('message', (message: Probe) => {
  if (message.kind === 'echo') return void process.send!(message.data);
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
  process.send!({ rssBytes: process.memoryUsage().rss });
});
process.on('disconnect', () => process.exit(0));
process.send!('ready');

/**
 * The embedded default for the queue: Debian's `redis-server`, started here on 127.0.0.1 on a free
 * port, with no persistence and a temporary directory, and stopped with the run (or an interrupt).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { track } from '../running';

export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  stop(): Promise<void>;
}

/** Whether `redis-server` can be started here. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * Start redis-server on 127.0.0.1 and wait until it accepts connections.
 * @param port where to listen (default: a free port); given, to restart a Redis where its clients look
 * @throws naming the package when redis-server is not installed
 * @example const redis = await startRedisServer(); try { … redis.url … } finally { await redis.stop(); }
 */
export async function startRedisServer({ port }: { port?: number } = {}): Promise<RedisServer> {
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) throw new RangeError(`Expected \`port\` to be a TCP port from 1 to 65535, got ${port}`);
  if (!hasRedisServer()) throw new Error('redis-server is not installed: the queue needs it (Debian/Ubuntu: apt-get install redis-server), or pass the URL of a Redis you run');
  port ??= await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    forget();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const forget = track(stop);
  try {
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${log.trim().split('\n').at(-1)}`)), 10_000);
      child.stdout.on('data', (chunk) => {
        log += chunk;
        if (log.includes('Ready to accept connections')) { clearTimeout(timer); resolve(); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with code ${code}: ${log.trim().split('\n').at(-1)}`)); });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout.resume();
  child.stderr.resume();
  return { url: `redis://127.0.0.1:${port}`, stop };
}

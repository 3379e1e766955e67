/**
 * The embedded default for the queue: Debian's `redis-server`, started here on 127.0.0.1 on a free
 * port, with no persistence and a temporary directory, and stopped with the run (or an interrupt).
 * It asks for a random password, so that another user of this machine cannot reach its queue: the
 * password is in a config file only this user can read, never on redis-server's command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { track } from '../running';

export interface RedisServer {
  /** `redis://:PASSWORD@127.0.0.1:PORT`: a secret, shown only through `maskRedisUrl`. */
  url: string;
  port: number;
  password: string;
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
 * @param password the password it asks for (default: a new random one); given, with `port`, for a restart
 * @throws naming the package when redis-server is not installed
 * @example const redis = await startRedisServer(); try { … redis.url … } finally { await redis.stop(); }
 */
export async function startRedisServer({
  port,
  password = randomBytes(24).toString('hex'),
}: {
  port?: number;
  password?: string;
} = {}): Promise<RedisServer> {
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535))
    throw new RangeError(`Expected \`port\` to be a TCP port from 1 to 65535, got ${port}`);
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(password))
    throw new RangeError('Expected `password` to be 8 to 128 letters, digits, - or _');
  if (!hasRedisServer())
    throw new Error(
      'redis-server is not installed: the queue needs it (Debian/Ubuntu: apt-get install redis-server), ' +
        'or pass the URL of a Redis you run',
    );
  port ??= await freePort();
  // mkdtemp makes the folder readable by this user alone (0700), and the config file is 0600.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-redis-'));
  const config = path.join(dir, 'redis.conf');
  const settings = [
    `port ${port}`,
    'bind 127.0.0.1',
    'save ""',
    'appendonly no',
    `dir ${JSON.stringify(dir)}`,
    `requirepass ${password}`,
  ];
  fs.writeFileSync(config, `${settings.join('\n')}\n`, { mode: 0o600 });
  const child = spawn('redis-server', [config], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start within 10 s: ${log.trim().split('\n').at(-1)}`)),
        10_000,
      );
      child.stdout.on('data', (chunk) => {
        log += chunk;
        if (log.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with code ${code}: ${log.trim().split('\n').at(-1)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout.resume();
  child.stderr.resume();
  return { url: `redis://:${password}@127.0.0.1:${port}`, port, password, stop };
}

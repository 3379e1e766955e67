/**
 * The queue as a hostile or careless user meets it: a job naming a module its workers were not
 * started with runs nothing; a worker's bad answer fails the map in seconds, by name; the Redis
 * password is in no command line and no message; TLS works.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createQueuePool,
  guideNumbers,
  parallelMap,
  type RedisServer,
  SHARED_QUEUE,
  startRedisServer,
  sumOfSquares,
  TaskError,
  WorkerResultError,
} from '../lib';
import { encodeChunk } from '../lib/queue/chunk-codec';
import { CLI } from './helpers/cli';
import { childProcesses, rejects, until, within } from './helpers/assert';

/** Every process's command line on this machine: where a secret must never be. */
function allCommandLines(): string {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .join('\n');
}

/** `runbook ARGS…` with `env` added, to completion. */
/** `map --pool redis` with `workers` local workers, `count` guide numbers of size `n`, and any more options. */
function redisMapArgs(workers: number, count: number, n: number, ...more: string[]): string[] {
  return ['map', '--pool', 'redis', '--workers', String(workers), '--count', String(count), '--n', String(n), ...more];
}

function runbookWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
}

/** `runbook ARGS…` with `env` added, without blocking this process (whose rogue worker must keep answering). */
function runbookAsync(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return within(
    new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr }))),
    60_000,
    `runbook ${args.join(' ')}`,
  );
}

/** `runbook worker` in the background, its Redis URL given the way the README says: in the environment. */
async function startWorker(url: string, ...args: string[]) {
  const child = spawn(process.execPath, [CLI, 'worker', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUNBOOK_REDIS_URL: url },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  assert.ok(await until(() => stderr.includes('listening'), 15_000), `the worker did not start: ${stderr}`);
  return {
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await within(exited, 15_000, 'the worker stopping');
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}

function connection(url: string): IORedis {
  const redis = new IORedis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  return redis;
}

test('hostile job: a module the worker was not started with runs nothing; then it serves an exact map', async () => {
  const redis = await startRedisServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-hostile-'));
  const marker = path.join(dir, 'ran-by-the-queue');
  const worker = await startWorker(redis.url);
  const client = connection(redis.url);
  const eventsClient = connection(redis.url);
  const queue = new Queue(SHARED_QUEUE, { connection: client });
  const events = new QueueEvents(SHARED_QUEUE, { connection: eventsClient });
  try {
    // What anybody with the Redis password could add: a shell command for every worker.
    const job = await queue.add(
      'chunk',
      encodeChunk({ file: 'child_process', name: 'execSync' }, [`touch ${marker}`]),
      { attempts: 1 },
    );
    const failure = await rejects(
      within(job.waitUntilFinished(events), 15_000, 'the hostile job'),
      /not allowed on this worker/,
    );
    assert.match(failure.message, 'child_process');
    assert.match(failure.message, '--tasks FILE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.not.ok(fs.existsSync(marker), 'the hostile job ran a shell command');
    // The same worker serves the next map, exactly; the map's command line holds no password.
    const map = runbookWith({ RUNBOOK_REDIS_URL: redis.url }, ...redisMapArgs(0, 4, 1000, '--json'));
    assert.is(map.status, 0, map.stderr);
    assert.equal(
      JSON.parse(map.stdout).results,
      guideNumbers(4, 1000).map((n) => String(sumOfSquares(n))),
    );
    assert.not.match(allCommandLines(), redis.password);
    assert.not.match(worker.stderr() + map.stderr + map.stdout, redis.password);
  } finally {
    await worker.stop();
    await events.close();
    await queue.close();
    // Connections handed to BullMQ are ours to close: left open, one reconnected to the stopped Redis for ever.
    client.disconnect();
    eventsClient.disconnect();
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A rogue worker on the queue that answers every job with `answer`. */
async function withRogueWorker(
  redis: RedisServer,
  answer: (job: { data: unknown }) => unknown,
  fn: () => Promise<void>,
): Promise<void> {
  const rogueConnection = connection(redis.url);
  const rogue = new Worker(SHARED_QUEUE, async (job) => answer(job), { connection: rogueConnection });
  rogue.on('error', () => {});
  try {
    await fn();
  } finally {
    // Closed with its connection: a closed worker whose connection stays open went on taking jobs.
    await rogue.close(true);
    rogueConnection.disconnect();
  }
}

test("a hostile worker's answers fail the map in seconds, one line naming the job; the pool stays usable", async () => {
  const redis = await startRedisServer();
  const pool = await createQueuePool({ redis: redis.url, workers: 0 });
  const numbers = guideNumbers(5, 1000);
  try {
    // 15 bytes that decode to an array claiming 2^32 - 1 items: it froze a map for minutes.
    const huge = Buffer.from([
      0xff, 0x0f, 0x61, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x40, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f,
    ]);
    const cases: Array<[string, (job: { data: unknown }) => unknown, RegExp | (new (...args: never[]) => Error)]> = [
      [
        'an array of 2^32 - 1 items',
        () => huge.toString('base64'),
        /The result of job \d+ of queue "runbook-map" holds 4294967295 items/,
      ],
      ['a number', () => 42, /The result of job \d+ of queue "runbook-map" is not serialized data \(got number\)/],
      [
        'too few results',
        () => Buffer.from(require('node:v8').serialize([1n])).toString('base64'),
        /The answer from job \d+ of queue "runbook-map" to a chunk of 5 items holds 1 results/,
      ],
      [
        'a failure that says ok: true',
        () => {
          throw new Error(JSON.stringify({ ok: true, results: [1, 2, 3, 4, 5] }));
        },
        TaskError,
      ],
    ];
    for (const [what, answer, expected] of cases) {
      await withRogueWorker(redis, answer, async () => {
        const started = performance.now();
        const error = await rejects(
          within(parallelMap(numbers, 'sumOfSquares', { pool, chunkSize: 5 }), 20_000, what),
          expected as RegExp,
        );
        if (!(expected instanceof RegExp)) assert.match(error.message, '{"ok":true');
        else assert.instance(error, WorkerResultError);
        assert.not.match(error.message, '\n', `${what}: one line`);
        assert.ok(performance.now() - started < 10_000, `${what}: took ${(performance.now() - started).toFixed(0)} ms`);
      });
    }
    // The same pool, with an honest worker now.
    const honest = await startWorker(redis.url);
    try {
      assert.equal(
        await parallelMap(numbers, 'sumOfSquares', { pool }),
        numbers.map((n) => sumOfSquares(n)),
      );
    } finally {
      await honest.stop();
    }
  } finally {
    await pool.terminate();
    await redis.stop();
  }
  assert.ok(await until(() => childProcesses().length === 0), `left: ${childProcesses().join(', ')}`);
});

test('map --pool redis: hostile answer is a runtime error (exit 1, a line, no usage), not a usage error', async () => {
  const redis = await startRedisServer();
  try {
    await withRogueWorker(
      redis,
      () => 42,
      async () => {
        const map = await runbookAsync({ RUNBOOK_REDIS_URL: redis.url }, ...redisMapArgs(0, 2, 10));
        assert.is(map.status, 1, map.stderr);
        assert.match(
          map.stderr,
          /^runbook: The result of job \d+ of queue "runbook-map" is not serialized data \(got number\)\n$/,
        );
      },
    );
  } finally {
    await redis.stop();
  }
});

test('the embedded Redis asks for its password; no password shows in a command line or a message', async () => {
  const redis = await startRedisServer();
  try {
    // Another user of this machine, who knows the port but not the password.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(redis.port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(String(data));
      });
      socket.once('error', reject);
    });
    assert.match(answer, /^-NOAUTH/);
    assert.not.match(allCommandLines(), redis.password);
  } finally {
    await redis.stop();
  }
  // A password typed on the command line: warned about, and masked in every message.
  const unreachable = runbookWith({}, ...redisMapArgs(0, 1, 10, '--redis', 'redis://:hunter2hunter2@127.0.0.1:1'));
  assert.is(unreachable.status, 1);
  assert.match(unreachable.stderr, 'a password on the command line can be seen by other users');
  assert.match(unreachable.stderr, 'Redis at redis://:***@127.0.0.1:1 did not answer');
  assert.not.match(unreachable.stderr + unreachable.stdout, 'hunter2');
  // Off this machine without a password: said once.
  const remote = runbookWith({}, ...redisMapArgs(0, 1, 10, '--redis', 'redis://192.0.2.1:6379'));
  assert.is(remote.status, 1);
  assert.is(remote.stderr.split('anybody who reaches it can add jobs').length, 2, remote.stderr);
});

/** A Redis that speaks TLS only, with a certificate for 127.0.0.1 signed by a CA of the test's own. */
async function startTlsRedis(dir: string): Promise<{ url: string; ca: string; stop(): Promise<void> }> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=runbook-test-ca',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('redis.key'),
    '-out',
    file('redis.csr'),
  );
  fs.writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('redis.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    file('san.ext'),
    '-out',
    file('redis.crt'),
  );
  const probe = await startRedisServer();
  const port = probe.port;
  await probe.stop();
  fs.writeFileSync(
    file('redis.conf'),
    [
      `port 0`,
      `tls-port ${port}`,
      'bind 127.0.0.1',
      `tls-cert-file ${file('redis.crt')}`,
      `tls-key-file ${file('redis.key')}`,
      `tls-ca-cert-file ${file('ca.crt')}`,
      'tls-auth-clients no',
      'save ""',
      'appendonly no',
      `dir ${dir}`,
      'requirepass tlspassword123',
    ].join('\n'),
  );
  const child = spawn('redis-server', [file('redis.conf')], { stdio: ['ignore', 'pipe', 'ignore'] });
  let log = '';
  child.stdout.on('data', (chunk) => {
    log += chunk;
  });
  assert.ok(await until(() => log.includes('Ready to accept connections'), 10_000), log);
  return {
    url: `rediss://:tlspassword123@127.0.0.1:${port}`,
    ca: file('ca.crt'),
    stop: async () => {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

test('rediss:// (TLS): a worker and a map over a Redis that speaks TLS only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-tls-'));
  const redis = await startTlsRedis(dir);
  try {
    const map = runbookWith(
      { RUNBOOK_REDIS_URL: redis.url, NODE_EXTRA_CA_CERTS: redis.ca },
      ...redisMapArgs(1, 3, 1000, '--json'),
    );
    assert.is(map.status, 0, map.stderr);
    assert.equal(
      JSON.parse(map.stdout).results,
      guideNumbers(3, 1000).map((n) => String(sumOfSquares(n))),
    );
  } finally {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

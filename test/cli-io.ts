import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as readline from 'node:readline';
import { assertUsageErrors, startRunbook } from './helpers/cli';
import { runbookJson } from './helpers/cli-words';

test("download --json against the embedded server: one JSON object with the issue's fields", () => {
  const report = runbookJson('download --n 12 --concurrency 4 --latency-ms 20 --bytes 300');
  assert.equal(Object.keys(report).sort(), ['concurrency', 'failed', 'idealMs', 'ok', 'results', 'wallMs']);
  assert.is(report.concurrency, 4);
  assert.is(report.idealMs, 60);
  assert.is(report.ok, 12);
  assert.is(report.failed, 0);
  assert.ok(report.wallMs >= 60);
  assert.ok(report.results.every((r: { bytes: number; ok: boolean }) => r.ok && r.bytes === 300));
});

test('download --client picks the HTTP client: node:http fetches the same pages', () => {
  const report = runbookJson('download --n 6 --concurrency 3 --latency-ms 10 --bytes 200 --client node:http');
  assert.is(report.ok, 6);
  assert.ok(report.results.every((r: { bytes: number }) => r.bytes === 200));
});

test('download of given URLs: failures are data (exit 0), no idealMs', () => {
  const report = runbookJson('download file:///etc/passwd http://127.0.0.1:1/ --timeout-ms 2000');
  assert.is(report.idealMs, null);
  assert.is(report.failed, 2);
  assert.match(report.results[0].error, 'unsupported protocol');
});

test('download --concurrency unbounded against a server limiting connections: refused pages fail, exit 0', () => {
  const report = runbookJson('download --n 30 --concurrency unbounded --latency-ms 50 --bytes 10 --max-connections 8');
  assert.is(report.concurrency, 'unbounded');
  assert.is(report.ok, 8);
  assert.is(report.failed, 22);
});

test('bad arguments exit 2 with a message naming the option', () => {
  assertUsageErrors([
    [['download', '--concurrency', '0'], '--concurrency expects'],
    [['download', '--n', 'many'], '--n expects'],
    [['download', '--retries=-1'], '--retries expects'],
    [['download', '--frobnicate'], 'frobnicate'],
    [['download', 'http://127.0.0.1:1/', '--n', '5'], 'without URLs'],
    [['serve', '--port', '70000'], '--port expects a whole number from 0 to 65535, got "70000"'],
    [['serve', '--bytes', '2147483647'], '--bytes expects a whole number from 0 to 67108864'],
    [['serve', '--latency-ms', '99999999'], '--latency-ms expects a whole number from 0 to 60000'],
    [
      ['download', '--timeout-ms', '3000000000'],
      '--timeout-ms expects a whole number from 1 to 2147483647, got "3000000000"',
    ],
    [['download', '--n', '-1'], '--n expects a value; for one that starts with "-", write --n=VALUE'],
    [['download', '--n', '1000000'], '--n expects a whole number from 1 to 100000'],
    [['download', '--retries', '1000'], '--retries expects a whole number from 0 to 100'],
    [['serve', '--fault-rate', '2'], '--fault-rate'],
    [['serve', '--max-connections', '0'], '--max-connections expects'],
    [['download', 'http://127.0.0.1:1/', '--max-connections', '5'], 'without URLs'],
    [['download', '--client', 'curl'], '--client expects one of node-fetch, builtin, node:http'],
  ]);
});

test('serve prints its 127.0.0.1 URL, answers, exits 0 on interrupt, saying how well it kept its latency', async () => {
  const child = startRunbook('serve', '--latency-ms', '3', '--bytes', '5');
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const url = await new Promise<string>((resolve) =>
    readline.createInterface({ input: child.stdout! }).once('line', resolve),
  );
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  for (let page = 0; page < 5; page++) assert.is(await (await fetch(`${url}page/${page}`)).text(), 'xxxxx');
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.is(code, 0);
  assert.match(stderr, /served 5 requests, at most \d connections at once/);
  assert.match(
    stderr,
    new RegExp(
      /answers left after their latency by \d+\.\d{3} ms at the median, \d+\.\d{3} ms at p99, /.source +
        /\d+\.\d{3} ms at most \(0 early\), from each request's arrival/.source,
    ),
  );
  assert.match(stderr, /this server process's CPU: \d+\.\d{3} ms per answer/);
});

test.run();

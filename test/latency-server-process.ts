import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { downloadAll, pageUrls, startLatencyServerProcess } from '../lib';
import { assertNothingOpen, rejects } from './helpers/assert';

test('a latency server process serves, closes, leaves nothing open; a bad option rejects with a message', async () => {
  const server = await startLatencyServerProcess({ latencyMs: 5, bytes: 123 });
  try {
    const results = await downloadAll(pageUrls(server.url, 6), { concurrency: 3 });
    assert.ok(
      results.every((r) => r.ok && r.bytes === 123),
      results.find((r) => !r.ok)?.error,
    );
  } finally {
    await server.close();
  }
  await rejects(startLatencyServerProcess({ latencyMs: -1 }), /`latencyMs`/);
  await assertNothingOpen(/TCP|Process|Pipe|Timeout/);
});

test('the server process does not outlive a parent that is killed outright', async () => {
  const lib = path.resolve(__dirname, '..', 'dist', 'lib');
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(lib)}).startLatencyServerProcess({}).then((s) => console.log(s.url)); ` +
        'setInterval(() => {}, 1000);',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve) =>
      parent.stdout.setEncoding('utf8').once('data', (text: string) => resolve(text.trim())),
    );
    assert.is((await fetch(`${url}page/0?latency=0`)).status, 200);
    parent.kill('SIGKILL');
    await new Promise((resolve) => parent.once('close', resolve));
    // The child sees its stdin pipe close and exits; its port then refuses connections.
    let refused = false;
    for (let attempt = 0; attempt < 500 && !refused; attempt++) {
      refused = await fetch(`${url}page/1?latency=0`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(refused, `${url} still answers after its parent was killed`);
  } finally {
    // A failure above must not leave the parent running, and this test file waiting on it.
    parent.kill('SIGKILL');
  }
});

test.run();

/** A server in a child process: ready at its first line; an exit, a refusal or silence rejects; nothing left behind. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runningCount, stopEverything, WorkerCrashError } from '../lib';
import { startServerProcess } from '../lib/io/server-process';
import { assertNothingOpen, childProcesses, rejects, until, within } from './helpers/assert';

/** `node -e script`: the child side of a server process, as small as it gets. */
const node = (script: string) => ['-e', script];

test('ready at its first line; close stops it, unregisters it, and leaves no process or pipe', async () => {
  const before = runningCount();
  const server = await startServerProcess(node("console.log('listening on 1234'); setInterval(() => {}, 1000)"), {
    what: 'A test server',
  });
  assert.is(server.firstLine, 'listening on 1234');
  assert.is(runningCount(), before + 1, 'registered with stopEverything while it runs');
  await within(server.close(), 5_000, 'closing a server that obeys SIGTERM');
  assert.is(server.child.signalCode, 'SIGTERM');
  assert.is(runningCount(), before);
  await server.close(); // already stopped: resolves at once
  assert.equal(childProcesses(), []);
  await assertNothingOpen(/Process|Pipe/);
});

test('an IPC channel when asked for: the parent can ask the server questions', async () => {
  const server = await startServerProcess(
    node("process.on('message', (m) => process.send(m * 2)); console.log('up')"),
    { what: 'A test server', ipc: true },
  );
  try {
    const answer = new Promise((resolve) => server.child.once('message', resolve));
    server.child.send(21);
    assert.is(await within(answer, 5_000, 'the answer over IPC'), 42);
  } finally {
    await server.close();
  }
});

test('a child that exits first rejects with a WorkerCrashError carrying what it wrote to stderr', async () => {
  const error = await rejects(
    startServerProcess(node("console.error('Expected `latencyMs` to be 0 or more'); process.exit(1)"), {
      what: 'A test server',
    }),
    WorkerCrashError,
  );
  assert.is(error.message, 'A test server exited (code 1) before it was ready: Expected `latencyMs` to be 0 or more');
  assert.equal(childProcesses(), []);
});

test('a child that never prints is stopped after startTimeoutMs, rejecting, even one ignoring SIGTERM', async () => {
  const before = runningCount();
  const started = performance.now();
  const silent = startServerProcess(node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"), {
    what: 'A test server',
    startTimeoutMs: 300,
  });
  await rejects(within(silent, 6_000, 'a silent server process'), /A test server did not start within 300 ms/);
  // 300 ms of silence, then SIGTERM ignored for the 2 s grace, then SIGKILL.
  assert.ok(performance.now() - started >= 2_250, 'it was given its grace before it was killed');
  assert.is(runningCount(), before);
  assert.equal(childProcesses(), []);
});

test('an interrupt (stopEverything) stops a running server process', async () => {
  const server = await startServerProcess(node("console.log('up'); setInterval(() => {}, 1000)"), {
    what: 'A test server',
  });
  await stopEverything();
  assert.ok(await until(() => server.child.exitCode !== null || server.child.signalCode !== null), 'it exited');
  await server.close();
  assert.equal(childProcesses(), []);
});

test.run();

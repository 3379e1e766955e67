/** A worker's first and last moments: ready unless it exits first; stopped by a signal, then SIGKILL, then awaited. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WorkerCrashError } from '../lib';
import { killProcessGroup, readyOrExit, stopChildProcess } from '../lib/cpu/worker-lifecycle';
import { isAlive, rejects, until, within } from './helpers/assert';

/** `node -e script` with an IPC channel, optionally leading a process group of its own. */
function node(script: string, detached = false): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached });
}

test('ready when it first answers; a WorkerCrashError naming how it ended when it exits first', async () => {
  const ready = node("process.send('ready'); setInterval(() => {}, 1000)");
  try {
    assert.is(
      await readyOrExit(
        ready,
        once(ready, 'message').then(([message]) => message),
        'A test child',
      ),
      'ready',
    );
    assert.is(ready.listenerCount('exit'), 0, 'its listeners are gone once it is ready');
  } finally {
    ready.kill('SIGKILL');
  }
  const quitter = node('process.exit(3)');
  const error = await rejects(
    within(readyOrExit(quitter, once(quitter, 'message'), 'A test child'), 5_000, 'readyOrExit'),
    WorkerCrashError,
  );
  assert.is(error.message, 'A test child exited (code 3) before it was ready');
});

test('stop: the signal, then SIGKILL after the timeout for a child ignoring it; resolves once it exited', async () => {
  const stubborn = node("process.on('SIGTERM', () => {}); process.send('ready'); setInterval(() => {}, 1000)");
  // One that obeys goes by the signal it was sent, without waiting for the timeout.
  const obedient = node("process.send('ready'); setInterval(() => {}, 1000)");
  try {
    await Promise.all([once(stubborn, 'message'), once(obedient, 'message')]);
    const started = performance.now();
    await within(
      stopChildProcess(stubborn, { signal: 'SIGTERM', timeoutMs: 300 }),
      5_000,
      'stopping a child that ignores SIGTERM',
    );
    assert.ok(performance.now() - started >= 290, 'it waited for the timeout before escalating');
    assert.is(stubborn.signalCode, 'SIGKILL');
    await within(
      stopChildProcess(obedient, { signal: 'SIGTERM', timeoutMs: 5_000 }),
      4_000,
      'stopping a child that obeys SIGTERM',
    );
    assert.is(obedient.signalCode, 'SIGTERM');
    // Stopping one that is gone returns at once.
    await within(stopChildProcess(obedient), 1_000, 'stopping a child that is gone');
  } finally {
    // Whatever failed above, no child outlives the test (its channel would keep the runner waiting).
    for (const child of [stubborn, obedient]) child.kill('SIGKILL');
  }
});

test('stop with group: what the child started goes with it, also when the child itself is gone already', async () => {
  // The leader starts a grandchild that would outlive it, reports its pid, and exits.
  const leader = node(
    "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], " +
      "{ stdio: 'ignore' }); process.send(c.pid, () => process.exit(0))",
    true,
  );
  const [grandchild] = (await once(leader, 'message')) as [number];
  await once(leader, 'exit');
  assert.ok(isAlive(grandchild), 'the grandchild outlived its parent');
  try {
    await within(stopChildProcess(leader, { group: true }), 2_000, 'stopping a group whose leader is gone');
    assert.ok(await until(() => !isAlive(grandchild), 2_000), 'the grandchild was left running');
  } finally {
    killProcessGroup(leader.pid!, 'SIGKILL');
  }
  // A group that is gone: nothing to do, nothing thrown.
  killProcessGroup(leader.pid!, 'SIGKILL');
});

test.run();

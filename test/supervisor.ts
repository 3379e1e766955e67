/**
 * The parent every `runbook` command runs under: the command's exit code passes through; Ctrl-C or
 * SIGTERM reaches the command's whole process group, which is killed if it does not stop within the
 * grace period; what the command left in its group goes with it. The supervisor's signal handlers
 * are called here directly, so no real signal reaches the test runner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SUPERVISED_ENV, superviseCommand } from '../cli/supervisor';
import { killProcessGroup } from '../lib/cpu/worker-lifecycle';
import { until, within } from './helpers/assert';

type Signal = 'SIGINT' | 'SIGTERM';

// Made when this file's tests start: uvu loads every file first, and a run that stops early runs none of them.
let folder = '';
let scripts = 0;

/**
 * A command as a script: `say(name, value)` writes a file the test reads; `grandchild()` starts a node
 * process in the command's group that ignores SIGINT and says its pid; `ready()` says the command is set.
 */
function commandScript(body: string): string {
  const file = path.join(folder, `command-${++scripts}.js`);
  const dir = JSON.stringify(folder);
  // The grandchild's own code: it ignores SIGINT and stays until killed.
  const lingerer = JSON.stringify("process.on('SIGINT', () => {}); setInterval(() => {}, 1000)");
  const prelude = `
    const fs = require('node:fs'), path = require('node:path'), { spawn } = require('node:child_process');
    const say = (name, value) => fs.writeFileSync(path.join(${dir}, name + '-${scripts}'), JSON.stringify(value));
    const ready = () => say('ready', true);
    say('pid', process.pid);
    const grandchild = () => say('grandchild', spawn(process.execPath, ['-e', ${lingerer}], { stdio: 'ignore' }).pid);
  `;
  fs.writeFileSync(file, `${prelude}\n${body}\n`);
  return file;
}

/** What the command of `script` said under `name`, once it has. */
async function said(script: string, name: string): Promise<unknown> {
  const file = path.join(folder, `${name}-${path.basename(script, '.js').split('-')[1]}`);
  assert.ok(await until(() => fs.existsSync(file), 10_000), `the command said ${name}`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Whether `pid` is a live process (a zombie is not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Supervise `script` as `runbook` does, with what it writes to stderr captured; `signal` calls the
 * handler the supervisor installed for it, as the signal would.
 */
function supervise(script: string, interruptIsNormalStop = false) {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  const exitCode = within(
    superviseCommand(script, ['map', '--n', '5'], interruptIsNormalStop),
    20_000,
    'the supervised command',
  ).finally(() => {
    process.stderr.write = write;
  });
  const handlers = {
    SIGINT: process.listeners('SIGINT').filter((l) => !before.SIGINT.includes(l)),
    SIGTERM: process.listeners('SIGTERM').filter((l) => !before.SIGTERM.includes(l)),
  };
  assert.equal(
    [handlers.SIGINT.length, handlers.SIGTERM.length],
    [1, 1],
    'one handler for each signal while the command runs',
  );
  return {
    exitCode,
    stderr: () => stderr,
    signal: (signal: Signal) => (handlers[signal][0] as (signal: Signal) => void)(signal),
    /** Its handlers are gone once the command has ended. */
    handlersRemoved: () =>
      process.listeners('SIGINT').every((l) => before.SIGINT.includes(l)) &&
      process.listeners('SIGTERM').every((l) => before.SIGTERM.includes(l)),
  };
}

test.before(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-supervisor-'));
});
// A test that failed leaves nothing running: each command leads a process group, which outlives it
// while anything it started is still in it.
test.after.each(() => {
  for (const name of fs.readdirSync(folder).filter((file) => file.startsWith('pid-'))) {
    killProcessGroup(Number(fs.readFileSync(path.join(folder, name), 'utf8')), 'SIGKILL');
    fs.rmSync(path.join(folder, name));
  }
});
test.after(() => fs.rmSync(folder, { recursive: true, force: true }));

test("the command runs with args, marked supervised; exit code = the run's; its group's leftovers die", async () => {
  const script = commandScript(
    `say('seen', { args: process.argv.slice(2), supervised: process.env.${SUPERVISED_ENV} }); ` +
      'grandchild(); process.exit(3);',
  );
  const run = supervise(script);
  assert.is(await run.exitCode, 3);
  assert.equal(await said(script, 'seen'), { args: ['map', '--n', '5'], supervised: '1' });
  const left = (await said(script, 'grandchild')) as number;
  assert.ok(await until(() => !alive(left)), `process ${left}, started by the command, is still running`);
  assert.is(run.stderr(), '');
  assert.ok(run.handlersRemoved(), 'the signal handlers are removed');
});

test('Ctrl-C reaches the command, which stops by itself: exit 130, and how far it had come', async () => {
  const script = commandScript(`
    process.on('SIGINT', () => { say('interrupted', true); process.exit(130); });
    process.send({ progress: { label: 'the map', done: 3, total: 8 } }, ready);
    setInterval(() => {}, 1000);`);
  const run = supervise(script);
  await said(script, 'ready');
  run.signal('SIGINT');
  assert.is(await run.exitCode, 130);
  assert.is(await said(script, 'interrupted'), true);
  assert.is(run.stderr(), '\nrunbook: interrupted during the map (3 of 8 done); everything it started is stopped\n');
  assert.ok(run.handlersRemoved(), 'the signal handlers are removed');
});

test('SIGTERM: the command is interrupted the same way, and the run exits 143', async () => {
  const script = commandScript("process.on('SIGINT', () => process.exit(130)); ready(); setInterval(() => {}, 1000);");
  const run = supervise(script);
  await said(script, 'ready');
  run.signal('SIGTERM');
  run.signal('SIGINT'); // a second signal changes nothing
  assert.is(await run.exitCode, 143);
  assert.is(run.stderr(), '\nrunbook: interrupted; everything it started is stopped\n');
});

test('a command that ignores Ctrl-C is killed after the grace period, with all in its group, and says so', async () => {
  const script = commandScript(
    "process.on('SIGINT', () => say('ignored', true)); grandchild(); setInterval(() => {}, 1000); ready();",
  );
  const run = supervise(script);
  await said(script, 'ready');
  const left = (await said(script, 'grandchild')) as number;
  run.signal('SIGINT');
  assert.is(await run.exitCode, 130);
  assert.is(await said(script, 'ignored'), true, 'the interrupt reached the command first');
  assert.match(
    run.stderr(),
    'everything it started is stopped (it did not stop by itself within a second, so it was killed)',
  );
  assert.ok(await until(() => !alive(left)), `process ${left}, started by the command, is still running`);
});

test('an interrupt that ends serve or a chart normally exits 0 silently; others, or a failure, exit 130', async () => {
  const interrupted = async (script: string, interruptIsNormalStop: boolean) => {
    const run = supervise(script, interruptIsNormalStop);
    await said(script, 'ready');
    run.signal('SIGINT');
    return { exitCode: await run.exitCode, stderr: run.stderr() };
  };
  const stopsCleanly = "process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000);";
  assert.equal(await interrupted(commandScript(`${stopsCleanly} ready();`), true), { exitCode: 0, stderr: '' });
  // `map --plot` while its chart is shown, and a command that says it no longer is.
  assert.equal(
    await interrupted(commandScript(`${stopsCleanly} process.send({ interruptEndsNormally: true }, ready);`), false),
    { exitCode: 0, stderr: '' },
  );
  const notNormal = await interrupted(
    commandScript(`${stopsCleanly} process.send({ interruptEndsNormally: false }, ready);`),
    true,
  );
  assert.equal(notNormal, { exitCode: 130, stderr: '\nrunbook: interrupted; everything it started is stopped\n' });
  assert.is(
    (
      await interrupted(
        commandScript("process.on('SIGINT', () => process.exit(1)); setInterval(() => {}, 1000); ready();"),
        true,
      )
    ).exitCode,
    130,
  );
});

test.run();

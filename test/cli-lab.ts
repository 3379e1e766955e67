/**
 * `runbook lab` owns its JupyterLab (issues #23, #26, #28), each test with a real JupyterLab from the
 * project's .venv/: SIGTERM and SIGHUP stop it and its kernel within 5 s, also when the signal ends a
 * shell in front of it (npx, npm run); the URL it prints is the
 * server that answers, even when the asked port was taken; the token is on no command line; the news
 * question is off. Every process a test starts is killed in `finally`, also when it fails.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { setUpJupyter } from '../cli/pipeline/jupyter';
import {
  descendantsOf,
  isRunning,
  type ProcessEntry,
  processTable,
  signalProcesses,
} from '../cli/pipeline/process-tree';
import { CLI } from './helpers/cli';
import { freePort } from './helpers/notebook-server';
import { beforeAll } from './helpers/setup';

/** The bound the issue sets: JupyterLab and its kernels gone this long after the signal. */
const STOP_BOUND_MS = 5_000;
const START_TIMEOUT_MS = 120_000;

beforeAll(test, () => setUpJupyter());

interface LabRun {
  /** What the test started: runbook lab, or the shell in front of it. */
  runbook: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exit: Promise<number | null>;
  /** The first URL `runbook lab` printed, its origin and its token. */
  url: string;
  origin: string;
  token: string;
  port: number;
}

/** Every process a test saw, killed at its end whatever happened. */
const seen = new Map<number, ProcessEntry>();

function remember(runbook: ChildProcess): void {
  if (runbook.pid === undefined) return;
  for (const entry of descendantsOf(runbook.pid)) seen.set(entry.pid, entry);
}

function killEverything(runbook: ChildProcess | undefined): void {
  if (runbook) remember(runbook);
  // Its own process group (detached below): runbook and JupyterLab; each kernel leads a group of its own.
  if (runbook?.pid !== undefined)
    signalProcesses([{ pid: runbook.pid, parentPid: 0, groupId: runbook.pid, state: 'S', commandLine: '' }], 'SIGKILL');
  signalProcesses([...seen.values()], 'SIGKILL');
  seen.clear();
}

/**
 * The end of every test: runbook lab asked to stop as a user would (SIGTERM, so it removes its runtime
 * folder), then everything seen killed outright, whether or not it stopped.
 */
async function endLab(lab: LabRun | undefined): Promise<void> {
  if (!lab) return;
  remember(lab.runbook);
  if (lab.runbook.exitCode === null && lab.runbook.signalCode === null) lab.runbook.kill('SIGTERM');
  // runbook itself, also behind a shell that is gone: it removes its runtime folder last.
  const runbooks = [...seen.values(), { pid: lab.runbook.pid! }].filter(
    (entry) => !('commandLine' in entry) || entry.commandLine.includes(CLI),
  );
  const deadline = Date.now() + 10_000;
  while (runbooks.some((entry) => isRunning(entry.pid)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  killEverything(lab.runbook);
}

/**
 * `runbook lab --port PORT` in a process group of its own; resolves at the first URL it prints, or
 * with `untilAnswering`, once that URL answers (so a test of something else does not hang on when the
 * URL is printed).
 */
async function startLab(port: number, { untilAnswering = true, throughShell = false } = {}): Promise<LabRun> {
  const command = [process.execPath, CLI, 'lab', '--port', String(port)];
  // As npx and npm run start it: a shell that waits for runbook (`; exit` keeps it from exec'ing runbook).
  const [file, ...args] = throughShell ? ['sh', '-c', '"$0" "$@"; exit $?', ...command] : command;
  // BROWSER=true: where a desktop is, JupyterLab would open a browser for every test.
  const runbook = spawn(file, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, BROWSER: 'true' },
  });
  let stdout = '';
  let stderr = '';
  runbook.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  runbook.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => runbook.once('exit', (code) => resolve(code)));
  const run = { runbook, exit, output: () => ({ stdout, stderr }) };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const match = /(http:\/\/127\.0\.0\.1:(\d+))\/lab\?token=(\w+)/.exec(stdout);
    if (match) {
      const lab = { ...run, url: match[0], origin: match[1], port: Number(match[2]), token: match[3] };
      if (!untilAnswering || (await answers(lab))) return lab;
    }
    if (runbook.exitCode !== null || Date.now() > deadline) {
      killEverything(runbook);
      throw new Error(
        `runbook lab printed no URL${untilAnswering ? ' that answers' : ''} ` +
          `(exit ${runbook.exitCode}):\n${stdout}\n${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answers(lab: LabRun): Promise<boolean> {
  try {
    return (
      (
        await fetch(`${lab.origin}/api/status`, {
          headers: { Authorization: `token ${lab.token}` },
          signal: AbortSignal.timeout(10_000),
        })
      ).status === 200
    );
  } catch {
    return false;
  }
}

async function api<T>(lab: LabRun, route: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(`${lab.origin}${route}`, {
    method,
    headers: { Authorization: `token ${lab.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** JupyterLab's own process, started by runbook lab. */
function jupyterProcess(lab: LabRun): ProcessEntry {
  const child = descendantsOf(lab.runbook.pid!).find((entry) => /jupyter-lab/.test(entry.commandLine));
  if (!child) throw new Error('no JupyterLab process under runbook lab');
  return child;
}

/**
 * Start a tslab kernel through JupyterLab's API; its process, once it listens on its shell port (read
 * from its connection file). Jupyter's `execution_state` would stay "starting": tslab says nothing
 * before its first request.
 */
async function startKernel(lab: LabRun): Promise<ProcessEntry> {
  const { id } = await api<{ id: string }>(lab, '/api/kernels', 'POST', { name: 'tslab' });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const kernel = processTable().find((entry) => entry.commandLine.includes(`kernel-${id}.json`));
    if (kernel) {
      seen.set(kernel.pid, kernel);
      const connectionFile = /--config-path (\S+)/.exec(kernel.commandLine)?.[1];
      const shellPort =
        connectionFile && fs.existsSync(connectionFile)
          ? JSON.parse(fs.readFileSync(connectionFile, 'utf8')).shell_port
          : undefined;
      if (shellPort && (await portAccepts(shellPort))) return kernel;
    }
    if (Date.now() > deadline) throw new Error(`kernel ${id} did not listen within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Send `signal` to what the test started alone (runbook, or the shell in front of it), then watch
 * until JupyterLab, the kernel and the port are all gone. The bound is stretched by however late a
 * plain 50 ms timer in this process ran meanwhile (a busy machine).
 */
async function signalAndWatch(
  lab: LabRun,
  signal: NodeJS.Signals,
): Promise<{ goneAfterMs: number; allowedMs: number; exitCode: number | null }> {
  const jupyter = jupyterProcess(lab);
  seen.set(jupyter.pid, jupyter);
  const kernel = await startKernel(lab);
  assert.ok(await portAccepts(lab.port), 'JupyterLab listens before the signal');
  let lateMs = 0;
  let expected = Date.now() + 50;
  const ticker = setInterval(() => {
    lateMs = Math.max(lateMs, Date.now() - expected);
    expected = Date.now() + 50;
  }, 50);
  const sentAt = Date.now();
  process.kill(lab.runbook.pid!, signal);
  try {
    for (;;) {
      const elapsed = Date.now() - sentAt;
      if (!isRunning(jupyter.pid) && !isRunning(kernel.pid) && !(await portAccepts(lab.port))) {
        return { goneAfterMs: elapsed, allowedMs: STOP_BOUND_MS + lateMs, exitCode: await lab.exit };
      }
      if (elapsed > STOP_BOUND_MS + lateMs) {
        throw new Error(
          `${elapsed} ms after ${signal}: JupyterLab ${isRunning(jupyter.pid) ? 'runs' : 'gone'}, ` +
            `kernel ${isRunning(kernel.pid) ? 'runs' : 'gone'}, ` +
            `port ${(await portAccepts(lab.port)) ? 'open' : 'closed'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    clearInterval(ticker);
  }
}

test('SIGTERM to runbook lab stops JupyterLab and its kernel within 5 s, closes the port, exits 143', async () => {
  let lab: LabRun | undefined;
  try {
    lab = await startLab(await freePort());
    const { goneAfterMs, allowedMs, exitCode } = await signalAndWatch(lab, 'SIGTERM');
    assert.ok(goneAfterMs <= allowedMs);
    assert.is(exitCode, 143);
  } finally {
    await endLab(lab);
  }
});

test('SIGHUP (closed terminal) to runbook lab stops JupyterLab, kernel in 5 s, closes port, exits 129', async () => {
  let lab: LabRun | undefined;
  try {
    lab = await startLab(await freePort());
    const { goneAfterMs, allowedMs, exitCode } = await signalAndWatch(lab, 'SIGHUP');
    assert.ok(goneAfterMs <= allowedMs);
    assert.is(exitCode, 129);
  } finally {
    await endLab(lab);
  }
});

test('SIGTERM to a shell in front of runbook lab (as npx, npm run) stops JupyterLab and kernel in 5 s', async () => {
  let lab: LabRun | undefined;
  try {
    lab = await startLab(await freePort(), { throughShell: true });
    remember(lab.runbook); // once the shell is gone, runbook is no longer among its descendants
    const { goneAfterMs, allowedMs } = await signalAndWatch(lab, 'SIGTERM');
    assert.ok(goneAfterMs <= allowedMs);
  } finally {
    await endLab(lab);
  }
});

test('asked port taken by another server: the first URL printed is JupyterLab answering with the token', async () => {
  const other = http.createServer((_request, response) => response.writeHead(503).end('not JupyterLab'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const taken = (other.address() as net.AddressInfo).port;
  let lab: LabRun | undefined;
  try {
    lab = await startLab(taken, { untilAnswering: false });
    assert.is.not(lab.port, taken, lab.output().stdout);
    assert.match(lab.output().stdout, `port ${taken} was taken`);
    const response = await fetch(`${lab.origin}/api/status`, {
      headers: { Authorization: `token ${lab.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    assert.is(response.status, 200);
    const status = (await response.json()) as { started?: string };
    assert.type(status.started, 'string');
  } finally {
    await endLab(lab);
    other.close();
  }
});

test('the token is on no command line (JupyterLab, kernel); as root, a line warns before --allow-root', async () => {
  let lab: LabRun | undefined;
  try {
    lab = await startLab(await freePort());
    remember(lab.runbook);
    await startKernel(lab);
    const holders = processTable().filter((entry) => entry.commandLine.includes(lab!.token));
    assert.equal(
      holders.map((entry) => entry.commandLine),
      [],
    );
    const warnings = lab
      .output()
      .stderr.split('\n')
      .filter((line) => line.startsWith('runbook:') && /as root/.test(line));
    assert.is(warnings.length, process.getuid?.() === 0 ? 1 : 0, lab.output().stderr);
  } finally {
    await endLab(lab);
  }
});

test("the project's JupyterLab does not ask to fetch news nor check for updates (issue #26)", async () => {
  let lab: LabRun | undefined;
  try {
    lab = await startLab(await freePort());
    const plugin = await api<{ schema: { properties: Record<string, { default: unknown }> } }>(
      lab,
      '/lab/api/settings/@jupyterlab/apputils-extension:notification',
    );
    assert.is(plugin.schema.properties.fetchNews.default, 'false');
    assert.is(plugin.schema.properties.checkForUpdates.default, false);
  } finally {
    await endLab(lab);
  }
});

test.run();

/**
 * The test suite's two halves, in one place. `npm test` runs every file in test/; `npm run test:unit`
 * runs `node test/helpers/suites.cjs unit`: every file but the integration ones below, for the
 * edit–test loop (under a minute on 2 cores).
 * - A unit file tests one module's logic in this process; it may start a worker, a child process
 *   or a local server for a moment.
 * - An integration file runs the CLI end to end (every `cli-*.ts`), a kernel, JupyterLab, Chromium
 *   or python3, a queue on Redis end to end, or an experiment at the size its claims need.
 * - A file that starts redis-server is skipped by `test:unit`, in one line, where it is not
 *   installed; `npm test` runs it and fails with the lib's own message naming the package.
 * A new test file is a unit file unless it is named here or starts with `cli-`.
 * `node test/helpers/suites.cjs integration` runs the other half; `… list` prints both; a second
 * argument, a regular expression, keeps the files of the half whose names match (`unit '^queue-'`).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The CLI end to end: each spawns `runbook` (dist/cli/main.js). */
const CLI_FILES = /^cli-/;

/** The other integration files, each with what makes it one. */
const INTEGRATION = {
  kernel: 'a tslab kernel through Jupyter',
  'kernel-protocol': 'jupyter_kernel_test (python3) against the kernel',
  jupyterlab: 'JupyterLab in Chromium',
  site: 'every notebook executed, the site in Chromium',
  'interactive-plot': 'the CLI serving a chart, read in Chromium',
  python: 'python3 programs',
  'python-interpreter': 'the real python3 and pyenv',
  'timed-rounds': 'python3 programs and the timing module they share',
  'gil-comparison': 'python3 threads, subinterpreters and processes beside workers',
  processes: 'python3 start-up, a process per worker, a worker out of memory',
  responsiveness: "python3's threads beside a cooperative loop and a worker",
  connections: '200 connections per client, Node and python3, and the CLI',
  'shared-counter': 'races of 100 runs per mode across workers, and the CLI',
  threadpool: "libuv's thread pool of one and four threads, and the CLI",
  'queue-pool': 'BullMQ on a Redis stopped and restarted under a map',
  'queue-security': 'a queue worker process, a rogue worker, Redis over TLS, and the CLI',
  'download-reliability': '1000 downloads, then 300 per client, with injected faults',
  'core-conflict': 'waiting and computing on the event loop and on workers, twice as many workers as cores',
  cluster: 'node:cluster servers of one and two processes',
  'io-bound': 'download sweeps against latency servers in processes of their own',
  'data-passing': '64 MB copied, moved and shared',
  'dataset-memory': 'a dataset per worker, copied and shared',
  'cpu-bound': 'pools of threads and processes, cold and warm, a granularity sweep',
  'shared-state': 'batch sweeps of workers against one thread',
  'strategy-grid': 'every workload on every strategy',
  'gil-analogue': 'a CPU loop against a download, on the main thread and on a worker',
};

/** The files that start redis-server (through the queue pool or `startRedisServer`). */
const NEEDS_REDIS = ['cli-cpu', 'pool-kind', 'queue-model', 'queue-pool', 'queue-security'];

const TEST_DIR = path.join(__dirname, '..');
const root = path.join(TEST_DIR, '..');

/** The names of test/'s test files (helpers/, fixtures/ and python/ hold none). */
function testFiles() {
  return fs
    .readdirSync(TEST_DIR)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -3))
    .sort();
}

function isIntegration(name) {
  return CLI_FILES.test(name) || Object.hasOwn(INTEGRATION, name);
}

/** Whether redis-server can be started here: the lib's own check, compiled (test:unit builds first). */
function hasRedisServer() {
  const compiled = path.join(root, 'dist', 'lib', 'queue', 'redis-server.js');
  if (!fs.existsSync(compiled))
    throw new Error(`suites: ${path.relative(root, compiled)} is missing: run \`npm run build\` first`);
  return require(compiled).hasRedisServer();
}

/** The names of the `mode` half ('unit' or 'integration') that match `only` (a regular expression), if given. */
function half(mode, only) {
  const files = testFiles();
  const stale = [...Object.keys(INTEGRATION), ...NEEDS_REDIS].filter((name) => !files.includes(name));
  if (stale.length > 0)
    throw new Error(`suites: there is no test/${stale[0]}.ts: rename or remove it in test/helpers/suites.cjs`);
  if (mode !== 'unit' && mode !== 'integration')
    throw new Error(`suites: expected unit, integration or list, got ${mode}`);
  const chosen = files.filter(
    (name) => isIntegration(name) === (mode === 'integration') && (!only || new RegExp(only).test(name)),
  );
  if (chosen.length === 0) throw new Error(`suites: no ${mode} test file matches ${only}`);
  return chosen;
}

/** Run the files named `names` with uvu, as `npm test` runs them all, and exit with its exit code. */
function runWithUvu(names) {
  const pattern = `^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\.ts$`;
  // uvu's CLI, which its package does not export by name.
  const bin = path.join(path.dirname(require.resolve('uvu')), '..', 'bin.js');
  const uvu = spawn(process.execPath, [bin, '-r', 'ts-node/register', 'test', pattern, '--bail'], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => uvu.kill(signal));
  uvu.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

function main([mode = 'unit', only]) {
  if (mode === 'list') {
    for (const name of testFiles()) {
      const what = CLI_FILES.test(name) ? 'the CLI end to end' : (INTEGRATION[name] ?? '');
      console.log(`${isIntegration(name) ? 'integration' : 'unit'}\t${name}.ts\t${what}`);
    }
    return;
  }
  let names = half(mode, only);
  if (mode === 'unit' && names.some((name) => NEEDS_REDIS.includes(name)) && !hasRedisServer()) {
    for (const name of names.filter((n) => NEEDS_REDIS.includes(n)))
      console.log(`${name}.ts: skipped: redis-server missing`);
    names = names.filter((name) => !NEEDS_REDIS.includes(name));
    if (names.length === 0) return;
  }
  runWithUvu(names);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}

/**
 * What a `runbook` process loads before it runs anything: `runbook --help`, a command's usage, and the
 * parent that supervises every command load the command table only, never the lib's heavy packages
 * (each command requires its experiments inside its `run`, see cli/command.ts). Whatever the lib
 * loads at module load goes through require, so the require cache of each process is the record;
 * node-fetch and vega are ES modules loaded by import() only when a download or a plot runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands } from '../cli/commands';
import { CLI } from './helpers/cli';

/** The lib's heavy dependencies: none of them has any business in a process that only reads a command line. */
const HEAVY_PACKAGES = [
  'bullmq',
  'ioredis',
  'threads',
  'node-fetch',
  'vega',
  'vega-lite',
  'sanitize-html',
  'piscina',
  'nodeplotlib',
  'tslab',
  'marked',
];
const PRELOAD = path.join(__dirname, 'fixtures', 'report-loaded-modules.cjs');
const LIB_INDEX = path.join('dist', 'lib', 'index.js');

interface Loaded {
  /** Package names, with the packages nested in them (`bullmq/node_modules/semver` gives both). */
  packages: Set<string>;
  files: string[];
}

function loaded(files: string[]): Loaded {
  const packages = files.flatMap((file) =>
    file
      .split(`node_modules${path.sep}`)
      .slice(1)
      .map((rest) => {
        const [scope, name] = rest.split(path.sep);
        return scope.startsWith('@') ? `${scope}/${name}` : scope;
      }),
  );
  return { packages: new Set(packages), files };
}

/**
 * Run `runbook ARGS…` with every runbook process reporting what it loaded: the parent's and, if it
 * ran one, the command's.
 */
function runbookLoading(...args: string[]) {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-help-'));
  try {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        LOADED_MODULES_DIR: reports,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PRELOAD)}`,
      },
    });
    const byRole = (role: string) =>
      fs
        .readdirSync(reports)
        .filter((file) => file.startsWith(`${role}-`))
        .map((file) => loaded(JSON.parse(fs.readFileSync(path.join(reports, file), 'utf8')) as string[]));
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      parents: byRole('parent'),
      commands: byRole('command'),
    };
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
}

function assertLight(what: string, { packages, files }: Loaded): void {
  const heavy = HEAVY_PACKAGES.filter((name) => packages.has(name));
  assert.equal(heavy, [], `${what} loaded ${heavy.join(', ')}`);
  assert.not.ok(
    files.some((file) => file.endsWith(LIB_INDEX)),
    `${what} loaded the whole lib (${LIB_INDEX})`,
  );
}

test("runbook --help lists every command and loads none of the lib's heavy packages", () => {
  const { status, stdout, stderr, parents, commands: ran } = runbookLoading('--help');
  assert.is(status, 0, stderr);
  for (const name of Object.keys(commands)) assert.match(stdout, `\n  runbook ${name}`);
  assert.is(parents.length, 1, 'one report, from the runbook process');
  assert.is(ran.length, 0, 'no command ran');
  assertLight('runbook --help', parents[0]);
});

test("a command's usage (runbook map --help) is said without loading what the command runs", () => {
  const { status, stdout, stderr, parents } = runbookLoading('map', '--help');
  assert.is(status, 0, stderr);
  assert.match(stdout, /^usage: runbook map \[--pool threads\|processes\|queue\]/);
  assert.match(stdout, 'sequential and with parallelMap');
  assert.is(parents.length, 1);
  assertLight('runbook map --help', parents[0]);
});

test("the supervising parent stays light; the command's own process loads what it runs (map: threads.js)", () => {
  const {
    status,
    stdout,
    stderr,
    parents,
    commands: ran,
  } = runbookLoading('map', '--workers', '1', '--count', '2', '--n', '1000', '--json');
  assert.is(status, 0, stderr);
  assert.equal(JSON.parse(stdout).results, ['332833500', '333833500']);
  assert.equal([parents.length, ran.length], [1, 1], 'one report each from the parent and the supervised command');
  assertLight('the supervising parent', parents[0]);
  // The same check sees a heavy package where one is loaded.
  assert.ok(ran[0].packages.has('threads'), `the map command's process loaded ${[...ran[0].packages].join(', ')}`);
});

test.run();

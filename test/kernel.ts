/** The notebooks' foundations, checked in a real tslab kernel through Jupyter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebooks, runNotebook } from '../cli/pipeline/execute';
import { setUpJupyter } from '../cli/pipeline/jupyter';
import { joinText, type Notebook } from '../cli/pipeline/notebook-file';
import { rejects, until, within } from './helpers/assert';
import { beforeAll } from './helpers/setup';

const FIXTURE = path.join(__dirname, 'fixtures', 'kernel-check.ipynb');
let executed: Notebook;

function cellOutput(index: number): string {
  return (executed.cells[index].outputs ?? [])
    .map((output) => joinText(output.text) || `${output.ename}: ${output.evalue}`)
    .join('');
}

beforeAll(test, async () => {
  setUpJupyter();
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-kernel-')), 'kernel-check.ipynb');
  executed = await runNotebook(FIXTURE, target);
});

test('the fixture notebook executes in the project-registered kernel, no cell but the type-error one fails', () => {
  // Cell 6 shows a type error on purpose; any other cell with an error output is a failure.
  const failing = executed.cells.flatMap((cell, index) =>
    (cell.outputs ?? []).some((output) => output.output_type === 'error') ? [index] : [],
  );
  assert.ok(
    failing.every((index) => index === 6),
    `cells with errors: ${failing}`,
  );
});

test('a parameter cell re-declared with another value runs without redeclaration errors', () => {
  assert.is(cellOutput(3).trim(), 'workers 1');
});

test('a worker thread started from a notebook cell loads the compiled task code', () => {
  assert.is(cellOutput(4).trim(), 'squares 285,2470,8555 bigint');
});

test('re-running the worker cell leaves no thread behind', () => {
  // V8 and libuv start and stop helper threads of their own, so the count may even drop below the baseline.
  const extra = Number(/threads left (-?\d+)/.exec(cellOutput(5))?.[1]);
  assert.ok(extra <= 0, `${extra} threads more than before the workers started`);
});

test('the lib arrives with its types: a type error in a cell is reported', () => {
  assert.match(cellOutput(6), /Type 'bigint' is not assignable to type 'string'/);
});

/** A one-cell notebook for the tslab kernel. */
function tinyNotebook(folder: string, name: string, source: string): string {
  const file = path.join(folder, name);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [{ cell_type: 'code', id: 'a', metadata: {}, execution_count: null, outputs: [], source }],
  };
  fs.writeFileSync(file, JSON.stringify(notebook));
  return file;
}

test('executeNotebooks runs notebooks in one Python process, each with its own env; names the failed one', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-batch-'));
  const good = tinyNotebook(folder, 'good.ipynb', 'console.log(`n=${process.env.RUNBOOK_TEST_N}`)');
  const bad = tinyNotebook(folder, 'bad.ipynb', "throw new Error('boom')");
  const started: number[] = [];
  const [done] = await executeNotebooks(
    [{ source: good, target: path.join(folder, 'out', 'good.ipynb'), env: { RUNBOOK_TEST_N: '7' } }],
    { onStart: (index) => started.push(index) },
  );
  assert.equal(started, [0]);
  assert.is(joinText(done.cells[0].outputs![0].text).trim(), 'n=7');
  try {
    await executeNotebooks([
      { source: good, target: path.join(folder, 'out', 'good2.ipynb') },
      { source: bad, target: path.join(folder, 'out', 'bad.ipynb') },
    ]);
    assert.unreachable('the failing notebook was not reported');
  } catch (error) {
    assert.match(
      (error as Error).message,
      /bad\.ipynb wrote error output:\n {2}cell 0: [\s\S]*boom/,
      (error as Error).message,
    );
  }
});

test('a kernel that dies and a cell past its timeout fail their notebook, named, instead of hanging', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-dead-'));
  const cases: Array<[string, string, RegExp]> = [
    ['dies.ipynb', 'process.exit(3)', /dies\.ipynb failed to execute: DeadKernelError/],
    [
      'slow.ipynb',
      'await new Promise((resolve) => setTimeout(resolve, 60_000))',
      /slow\.ipynb failed to execute: .*Timeout/,
    ],
  ];
  for (const [name, source, expected] of cases) {
    const run = executeNotebooks(
      [{ source: tinyNotebook(folder, name, source), target: path.join(folder, 'out', name) }],
      { cellTimeoutSeconds: 3 },
    );
    await rejects(within(run, 45_000, `executing ${name}`), expected);
  }
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Pids of the tslab kernels running now whose environment has RUNBOOK_TEST_RUN=`runId` (a test's own). */
function tslabKernels(runId: string): Set<number> {
  const token = `RUNBOOK_TEST_RUN=${runId}`;
  const pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  return new Set(
    pids.flatMap((pid) => {
      try {
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const kernel = argv.some((arg) => arg.endsWith(path.join('tslab', 'bin', 'tslab'))) && argv.includes('kernel');
        return kernel && fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(token)
          ? [Number(pid)]
          : [];
      } catch {
        return []; // gone meanwhile
      }
    }),
  );
}

const AHEAD = Math.min(os.availableParallelism(), 4) > 1;

test('kernels start ahead, one per core: still one fresh kernel per notebook, its own env and folder', async () => {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-ahead-')));
  const probe = 'console.log(`${process.pid} ${process.env.RUNBOOK_TEST_N} ${process.cwd()} ${process.uptime()}`)';
  // The first notebook holds its kernel a second: a kernel started beside it has waited that long.
  const sources = [`${probe}; await new Promise((resolve) => setTimeout(resolve, 1000));`, probe, probe].map(
    (source, index) => tinyNotebook(folder, `n${index}.ipynb`, source),
  );
  const runId = `ahead-${process.pid}-${Date.now()}`;
  const done = await executeNotebooks(
    sources.map((source, index) => ({
      source,
      target: path.join(folder, 'out', `n${index}.ipynb`),
      env: { RUNBOOK_TEST_N: String(index), RUNBOOK_TEST_RUN: runId },
    })),
  );
  const seen = done.map((notebook) => joinText(notebook.cells[0].outputs?.[0]?.text).trim().split(' '));
  assert.equal(
    seen.map(([, n, cwd]) => [n, cwd]),
    [0, 1, 2].map((n) => [String(n), folder]),
  );
  assert.is(new Set(seen.map(([pid]) => pid)).size, 3, 'a kernel of its own per notebook');
  const [firstUptime, secondUptime] = seen.map(([, , , uptime]) => Number(uptime));
  if (AHEAD) assert.ok(secondUptime > firstUptime + 0.9, `second kernel up ${secondUptime} s, first ${firstUptime} s`);
  assert.equal([...tslabKernels(runId)], [], 'no kernel outlives the run');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a failing notebook stops the run: the kernels started ahead for later notebooks go too', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-ahead-fail-'));
  const sources = ["throw new Error('boom')", '1', '2'].map((source, index) =>
    tinyNotebook(folder, `n${index}.ipynb`, source),
  );
  const runId = `failing-${process.pid}-${Date.now()}`;
  const newKernels = () => [...tslabKernels(runId)];
  let most = 0;
  const watch = setInterval(() => {
    most = Math.max(most, newKernels().length);
  }, 50);
  try {
    await rejects(
      executeNotebooks(
        sources.map((source, index) => ({
          source,
          target: path.join(folder, 'out', `n${index}.ipynb`),
          env: { RUNBOOK_TEST_RUN: runId },
        })),
      ),
      /n0\.ipynb wrote error output/,
    );
  } finally {
    clearInterval(watch);
  }
  // The executor stops at once; a kernel waiting for a later notebook sees its parent gone and exits.
  if (AHEAD) assert.ok(most >= 2, `at most ${most} kernels at once: none was started ahead`);
  await until(() => newKernels().length === 0, 8000);
  assert.equal(newKernels(), [], 'kernels left after a failed run');
  assert.not.ok(fs.existsSync(path.join(folder, 'out', 'n2.ipynb')), 'the run went on after the failure');
  fs.rmSync(folder, { recursive: true, force: true });
});

test.run();

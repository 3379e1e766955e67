/** The notebooks' foundations, checked in a real tslab kernel through Jupyter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebooks, runNotebook } from '../cli/pipeline/execute';
import { setUpJupyter } from '../cli/pipeline/jupyter';
import { joinText, type Notebook, readNotebook } from '../cli/pipeline/notebook-file';
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

/** A notebook for the tslab kernel, one code cell per source. */
function codeNotebook(folder: string, name: string, sources: string[], metadata: object = {}): string {
  const file = path.join(folder, name);
  const cells = sources.map((source, index) => ({
    cell_type: 'code',
    id: `c${index}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  }));
  const kernelspec = { name: 'tslab', display_name: 'TypeScript', language: 'typescript' };
  fs.writeFileSync(
    file,
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { ...metadata, kernelspec }, cells }),
  );
  return file;
}

test('executeNotebooks runs notebooks in one Python process, each with its own env; names the failed one', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-batch-'));
  const good = codeNotebook(folder, 'good.ipynb', ['console.log(`n=${process.env.RUNBOOK_TEST_N}`)']);
  const bad = codeNotebook(folder, 'bad.ipynb', ["throw new Error('boom')"]);
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
      [{ source: codeNotebook(folder, name, [source]), target: path.join(folder, 'out', name) }],
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

const LIB = path.join(__dirname, '..', 'dist', 'lib');

test("one kernel runs a folder's notebooks, each as if new: its env and folder, no earlier names, values", async () => {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-reuse-')));
  const probe =
    'const { RUNBOOK_TEST_N: n, RUNBOOK_TEST_SET: set = "unset" } = process.env;\n' +
    'console.log(`${process.pid} ${n} ${set} ${process.cwd()}`)';
  const sources = [
    codeNotebook(folder, 'n0.ipynb', [
      probe,
      "const earlier = 1; process.env.RUNBOOK_TEST_SET = 'by n0'; process.chdir('/');",
    ]),
    codeNotebook(folder, 'n1.ipynb', [
      probe,
      "console.log((globalThis as any).__tslab__.exports.earlier ?? 'forgotten')",
    ]),
    codeNotebook(folder, 'n2.ipynb', ['console.log(earlier)']),
  ];
  const runId = `reuse-${process.pid}-${Date.now()}`;
  const jobs = sources.map((source, index) => ({
    source,
    target: path.join(folder, 'out', `n${index}.ipynb`),
    env: { RUNBOOK_TEST_N: String(index), RUNBOOK_TEST_RUN: runId },
  }));
  // A name declared by an earlier notebook is unknown to a later one, as in a kernel of its own.
  await rejects(executeNotebooks(jobs), /n2\.ipynb wrote error output:\n {2}cell 0: .*Cannot find name 'earlier'/);
  const [n0, n1] = jobs.slice(0, 2).map((job) => readNotebook(job.target));
  const seen = [n0, n1].map((notebook) => joinText(notebook.cells[0].outputs?.[0]?.text).trim().split(' '));
  assert.equal(
    seen.map(([, n, set, cwd]) => [n, set, cwd]),
    [
      ['0', 'unset', folder],
      ['1', 'unset', folder],
    ],
    'each notebook sees its own environment and folder, not what the one before left',
  );
  assert.is(seen[0][0], seen[1][0], "the second notebook ran in the first one's kernel");
  assert.is(joinText(n1.cells[1].outputs?.[0]?.text).trim(), 'forgotten', "the earlier notebook's values are gone");
  await until(() => tslabKernels(runId).size === 0, 8000);
  assert.equal([...tslabKernels(runId)], [], 'no kernel outlives the run');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a notebook that asks for a fresh kernel, or sets what Node reads at start, gets a new kernel', async () => {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-fresh-')));
  const probe = 'console.log(`${process.pid} ${process.env.UV_THREADPOOL_SIZE ?? "unset"}`)';
  const jobs = [
    { name: 'plain.ipynb', metadata: {}, env: {} },
    { name: 'asks.ipynb', metadata: { runbook: { freshKernel: true } }, env: {} },
    { name: 'libuv.ipynb', metadata: {}, env: { UV_THREADPOOL_SIZE: '3' } },
    { name: 'after.ipynb', metadata: {}, env: {} },
  ].map(({ name, metadata, env }) => ({
    source: codeNotebook(folder, name, [probe], metadata),
    target: path.join(folder, 'out', name),
    env,
  }));
  const done = await executeNotebooks(jobs);
  const seen = done.map((notebook) => joinText(notebook.cells[0].outputs?.[0]?.text).trim().split(' '));
  // The last one may not run where UV_THREADPOOL_SIZE=3 was read at start and is no longer set.
  assert.is(new Set(seen.map(([pid]) => pid)).size, 4, `kernels: ${seen.map(([pid]) => pid)}`);
  assert.equal(
    seen.map(([, size]) => size),
    ['unset', 'unset', '3', 'unset'],
  );
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a notebook that leaves a worker pool running fails, named', async () => {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-left-')));
  const source = codeNotebook(folder, 'leaves.ipynb', [
    `import { createWorkerPool } from ${JSON.stringify(LIB)};\nconst pool = await createWorkerPool({ workers: 1 });`,
  ]);
  await rejects(
    executeNotebooks([{ source, target: path.join(folder, 'out', 'leaves.ipynb') }]),
    /leaves\.ipynb failed to execute: it left 1 worker pool\(s\) or server process\(es\) running after its last cell/,
  );
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a failing notebook stops the run, and its kernel goes', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-fail-'));
  const sources = ["throw new Error('boom')", '1', '2'].map((source, index) =>
    codeNotebook(folder, `n${index}.ipynb`, [source]),
  );
  const runId = `failing-${process.pid}-${Date.now()}`;
  const newKernels = () => [...tslabKernels(runId)];
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
  // The executor stops at once; its kernel sees its parent gone and exits.
  await until(() => newKernels().length === 0, 8000);
  assert.equal(newKernels(), [], 'kernels left after a failed run');
  assert.not.ok(fs.existsSync(path.join(folder, 'out', 'n2.ipynb')), 'the run went on after the failure');
  fs.rmSync(folder, { recursive: true, force: true });
});

test.run();

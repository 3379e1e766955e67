/** The notebooks' foundations, checked in a real tslab kernel through Jupyter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runNotebook } from '../cli/pipeline/execute';
import { setUpJupyter } from '../cli/pipeline/jupyter';
import { joinText, Notebook } from '../cli/pipeline/notebook-file';
import { beforeAll } from './helpers/setup';

const FIXTURE = path.join(__dirname, 'fixtures', 'kernel-check.ipynb');
let executed: Notebook;

function cellOutput(index: number): string {
  return (executed.cells[index].outputs ?? []).map((output) => joinText(output.text) || `${output.ename}: ${output.evalue}`).join('');
}

beforeAll(test, async () => {
  setUpJupyter();
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-kernel-')), 'kernel-check.ipynb');
  executed = await runNotebook(FIXTURE, target);
});

test('the fixture notebook executes in the project-registered kernel, no cell but the type-error one fails', () => {
  // Cell 6 shows a type error on purpose; any other cell with an error output is a failure.
  const failing = executed.cells.flatMap((cell, index) => ((cell.outputs ?? []).some((output) => output.output_type === 'error') ? [index] : []));
  assert.ok(failing.every((index) => index === 6), `cells with errors: ${failing}`);
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

test.run();

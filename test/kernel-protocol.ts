/** jupyter_kernel_test against the tslab kernel exactly as the project registers it (no global kernel). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { JUPYTER, jupyterEnv, setUpJupyter } from '../cli/pipeline/jupyter';
import { PROJECT_ROOT } from '../cli/project';
import { ensureTool, type SystemTool } from '../cli/system-tools';

/** Debian installs jupyter_kernel_test for its own python3, which may not be the first python3 on PATH. */
const PYTHONS = ['/usr/bin/python3', 'python3'];
const kernelTestPython = () =>
  PYTHONS.find((python) => spawnSync(python, ['-c', 'import jupyter_kernel_test'], { stdio: 'ignore' }).status === 0);

const KERNEL_TEST: SystemTool = {
  name: 'jupyter_kernel_test',
  isPresent: () => kernelTestPython() !== undefined,
  debianPackages: ['python3-jupyter-kernel-test'],
  otherwise: 'Elsewhere: pip install jupyter_kernel_test for /usr/bin/python3 or python3.',
};

test('execute, streams, display data, completion, inspection and error reporting over the protocol', () => {
  setUpJupyter();
  ensureTool(KERNEL_TEST);
  const result = spawnSync(kernelTestPython()!, [path.join(__dirname, 'python', 'kernel_check.py')], {
    encoding: 'utf8',
    env: jupyterEnv(),
    timeout: 180_000,
  });
  const report = `${result.stdout}${result.stderr}`;
  assert.is(result.status, 0, report);
  assert.match(report, /Ran \d+ tests/);
  for (const check of ['test_execute_stdout', 'test_completion', 'test_inspect', 'test_error', 'test_display_data']) {
    assert.match(report, new RegExp(`${check} .*\\.\\.\\. ok`), `${check} did not pass:\n${report}`);
  }
});

test('Jupyter finds the kernel in the project folder only through JUPYTER_PATH (what npm run lab relies on)', () => {
  setUpJupyter();
  const listed = spawnSync(JUPYTER, ['kernelspec', 'list', '--json'], { encoding: 'utf8', env: jupyterEnv() });
  const specs = JSON.parse(listed.stdout).kernelspecs as Record<
    string,
    { resource_dir: string; spec: { argv: string[] } }
  >;
  assert.is(specs.tslab.resource_dir, path.join(PROJECT_ROOT, '.jupyter', 'kernels', 'tslab'));
  assert.is(
    specs.tslab.spec.argv[0],
    process.execPath,
    "the kernel runs on this project's Node, tslab need not be on PATH",
  );
});

test.run();

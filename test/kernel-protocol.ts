/** jupyter_kernel_test against the tslab kernel exactly as the project registers it (no global kernel). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { JUPYTER, jupyterEnv, setUpJupyter } from '../cli/pipeline/jupyter';
import { PROJECT_ROOT } from '../cli/project';
import { ensureTool, type SystemTool } from '../cli/system-tools';
import { isAlive, until } from './helpers/assert';

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

/** Starts the project's tslab kernel as Jupyter does, prints its pid, then waits to be killed. */
const HOLD_A_KERNEL = `
import sys, time
from jupyter_client.manager import start_new_kernel
manager, client = start_new_kernel(kernel_name="tslab")
client.execute_interactive("const started = 1;", timeout=60)
if len(sys.argv) > 1:
    client.execute(sys.argv[1])  # not awaited: the cell is still running when the launcher dies
    time.sleep(1)
print(manager.provisioner.pid, flush=True)
time.sleep(600)
`;

/** Kill a kernel's launcher while `cell` runs in it; resolves with whether the kernel was gone within `ms`. */
async function orphanKernel(cell: string[], ms: number): Promise<{ gone: boolean; pid: number }> {
  setUpJupyter();
  const python = path.join(path.dirname(JUPYTER), 'python');
  const launcher = spawn(python, ['-c', HOLD_A_KERNEL, ...cell], {
    env: jupyterEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pid = 0;
  try {
    const [line] = await once(launcher.stdout!, 'data');
    pid = Number(String(line).trim());
    assert.ok(pid > 0 && isAlive(pid), `the kernel runs: ${line}`);
    launcher.kill('SIGKILL');
    return { gone: await until(() => !isAlive(pid), ms), pid };
  } finally {
    launcher.kill('SIGKILL');
    if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

test('a kernel whose Jupyter is SIGKILLed exits by itself within 5 s, as ipykernel does', async () => {
  const { gone, pid } = await orphanKernel([], 5_000);
  assert.ok(gone, `kernel ${pid} still runs 5 s after its Jupyter died`);
});

test('so does one whose cell holds its main thread (Atomics.wait for a minute), within 10 s', async () => {
  const blocking = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);';
  const { gone, pid } = await orphanKernel([blocking], 10_000);
  assert.ok(gone, `kernel ${pid} still runs 10 s after its Jupyter died, its main thread blocked`);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chosenPython, freeThreadedPython } from '../lib';
import { subinterpreterPython, withEnv } from './helpers/python';

/** A folder of stand-in interpreters: each a shell script, so which one is chosen is decided by construction. */
function fakePythons(scripts: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-pythons-'));
  for (const [name, body] of Object.entries(scripts))
    fs.writeFileSync(path.join(folder, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return folder;
}

/** Answers the probe as an interpreter of this version would. */
const answers = (version: string, freeThreaded = false) =>
  `echo '{"major": 3, "implementation": "CPython", "version": "${version}", "freeThreaded": ${freeThreaded}}'`;
/** What a pyenv shim prints when its version is not selected. */
const SHIM = 'echo "pyenv: $(basename "$0"): command not found" >&2; exit 127';

test('RUNBOOK_PYTHON names the interpreter, and a table names it by its version', async () => {
  const python = subinterpreterPython('RUNBOOK_PYTHON names the interpreter');
  if (!python) return;
  const chosen = await withEnv({ RUNBOOK_PYTHON: python }, chosenPython);
  assert.is(chosen?.command, python);
  assert.is(chosen?.chosenBy, 'RUNBOOK_PYTHON');
  assert.match(chosen!.label, /^CPython 3\.\d+\.\d+/);
});

test('a RUNBOOK_PYTHON that does not run Python 3 is an error that names it', async () => {
  const folder = fakePythons({
    broken: SHIM,
    python2: 'echo \'{"major": 2, "implementation": "CPython", "version": "2.7.18", "freeThreaded": false}\'',
  });
  try {
    for (const [setting, why] of [
      ['/nonexistent/python3', /ENOENT/],
      [path.join(folder, 'broken'), /exit 127: pyenv: broken: command not found/],
      [path.join(folder, 'python2'), /Python 2\.7\.18, not Python 3/],
    ] as const) {
      await withEnv({ RUNBOOK_PYTHON: setting }, () => {
        assert.throws(
          chosenPython,
          (error: Error) =>
            error.message.startsWith(`RUNBOOK_PYTHON=${setting} does not run Python 3`) && why.test(error.message),
        );
      });
    }
  } finally {
    fs.rmSync(folder, { recursive: true });
  }
});

test('the newest candidate that answers wins: a shim that exists but fails is passed over', async () => {
  const folder = fakePythons({
    'python3.14': SHIM,
    'python3.13': answers('3.13.9'),
    'python3.12': answers('3.12.4'),
    python3: answers('3.11.7'),
  });
  try {
    const chosen = await withEnv({ RUNBOOK_PYTHON: undefined, PATH: folder }, chosenPython);
    assert.equal([chosen?.chosenBy, chosen?.label], ['python3.13', 'CPython 3.13.9']);
    fs.rmSync(path.join(folder, 'python3.13'));
    // Another PATH, so the answer is looked for again rather than remembered.
    const again = await withEnv({ RUNBOOK_PYTHON: '', PATH: `${folder}${path.delimiter}/nonexistent` }, chosenPython);
    assert.is(again?.chosenBy, 'python3.12', 'an empty RUNBOOK_PYTHON counts as unset');
  } finally {
    fs.rmSync(folder, { recursive: true });
  }
});

test('no interpreter that answers: null, not an error', async () => {
  const folder = fakePythons({ 'python3.13': SHIM, python3: SHIM });
  try {
    assert.is(await withEnv({ RUNBOOK_PYTHON: undefined, PATH: folder }, chosenPython), null);
  } finally {
    fs.rmSync(folder, { recursive: true });
  }
});

test("a free-threaded build is found by name and build flag: a python3.14t without it doesn't count", async () => {
  const folder = fakePythons({
    python3: answers('3.13.9'),
    'python3.14t': answers('3.14.0', false),
    'python3.13t': answers('3.13.9', true),
  });
  try {
    const found = await withEnv({ RUNBOOK_PYTHON: undefined, PATH: folder }, freeThreadedPython);
    assert.equal([found?.chosenBy, found?.label], ['python3.13t', 'CPython 3.13.9 free-threaded']);
    fs.rmSync(path.join(folder, 'python3.13t'));
    assert.is(
      await withEnv({ RUNBOOK_PYTHON: undefined, PATH: `${folder}${path.delimiter}/nonexistent` }, freeThreadedPython),
      null,
    );
    // The chosen Python is itself free-threaded: it is the one.
    const itself = await withEnv({ RUNBOOK_PYTHON: path.join(folder, 'python3.14t'), PATH: folder }, () => {
      fs.writeFileSync(path.join(folder, 'python3.14t'), `#!/bin/sh\n${answers('3.14.1', true)}\n`);
      return freeThreadedPython();
    });
    assert.is(itself?.chosenBy, 'RUNBOOK_PYTHON');
  } finally {
    fs.rmSync(folder, { recursive: true });
  }
});

test.run();

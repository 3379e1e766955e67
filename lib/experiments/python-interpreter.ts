/**
 * Which Python runs the runbook's CPython comparisons: `RUNBOOK_PYTHON` when it is set, else the
 * newest of `python3.14`, `python3.13`, `python3.12` that answers, else `python3`. "Answers" means it
 * runs a line of Python: a pyenv shim that exists on PATH but has no interpreter behind it does not
 * count. A free-threaded build (`python3.14t`, `python3.13t`) is looked for apart, for its own rows.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourceFile } from '../files';

/** One Python interpreter that answered. */
export interface PythonInterpreter {
  /** What was chosen: a command on PATH or a path. */
  command: string;
  /**
   * The interpreter's own path (`sys.executable`), run from then on: a pyenv shim is resolved once,
   * not at every start.
   */
  executable: string;
  /** Why this one: `RUNBOOK_PYTHON`, or the candidate's name. */
  chosenBy: string;
  implementation: string;
  version: string;
  /** A build without the GIL (PEP 703: `Py_GIL_DISABLED`), whether or not it switched it back on. */
  freeThreaded: boolean;
  /** What a table names it by, e.g. "CPython 3.13.0" or "CPython 3.14.0 free-threaded". */
  label: string;
}

/** The candidates after `RUNBOOK_PYTHON`, newest first. */
export const PYTHON_CANDIDATES = ['python3.14', 'python3.13', 'python3.12', 'python3'] as const;
/** Free-threaded builds, newest first (PEP 703's `t` suffix). */
export const FREE_THREADED_CANDIDATES = ['python3.14t', 'python3.13t'] as const;

// Runs under any Python 3 (and says which major version, so a Python 2 is refused, not misread).
const PROBE =
  'import json, platform, sys, sysconfig; print(json.dumps({"major": sys.version_info[0], ' +
  '"implementation": platform.python_implementation(), "version": platform.python_version(), ' +
  '"freeThreaded": sysconfig.get_config_var("Py_GIL_DISABLED") == 1, "executable": sys.executable}))';

type Probe = { interpreter: PythonInterpreter } | { problem: string };

/** Run `command -c PROBE`; what it is, or why it does not count. */
function probe(command: string, chosenBy: string): Probe {
  const result = spawnSync(command, ['-c', PROBE], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) return { problem: result.error.message };
  if (result.status !== 0)
    return {
      problem: `exit ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
    };
  try {
    const facts = JSON.parse(result.stdout) as {
      major: number;
      implementation: string;
      version: string;
      freeThreaded: boolean;
      executable?: string;
    };
    if (facts.major !== 3) return { problem: `it is Python ${facts.version}, not Python 3` };
    const label = `${facts.implementation} ${facts.version}${facts.freeThreaded ? ' free-threaded' : ''}`;
    // An embedded or odd build may not know its own path: then the command itself is run.
    const executable = facts.executable || command;
    return {
      interpreter: {
        command,
        executable,
        chosenBy,
        implementation: facts.implementation,
        version: facts.version,
        freeThreaded: facts.freeThreaded,
        label,
      },
    };
  } catch {
    return { problem: `it printed ${JSON.stringify(result.stdout.slice(0, 80))}` };
  }
}

const cache = new Map<string, PythonInterpreter | null>();

/** Remembered per PATH and RUNBOOK_PYTHON, so a changed environment is looked at again. */
function cached(kind: string, find: () => PythonInterpreter | null): PythonInterpreter | null {
  const key = `${kind}\0${process.env.RUNBOOK_PYTHON ?? ''}\0${process.env.PATH ?? ''}`;
  if (!cache.has(key)) cache.set(key, find());
  return cache.get(key)!;
}

/**
 * The Python every CPython comparison runs on (cached); null when none answers.
 * @throws when `RUNBOOK_PYTHON` is set but does not run Python 3: a wrong setting is said, not skipped.
 * @example chosenPython()?.label // "CPython 3.13.0" with RUNBOOK_PYTHON=$(PYENV_VERSION=3.13.0 pyenv which python3)
 */
export function chosenPython(): PythonInterpreter | null {
  return cached('chosen', () => {
    const setting = process.env.RUNBOOK_PYTHON;
    if (setting) {
      const found = probe(setting, 'RUNBOOK_PYTHON');
      if ('problem' in found)
        throw new Error(
          `RUNBOOK_PYTHON=${setting} does not run Python 3 (${found.problem}); ` +
            'expected a Python 3 command or path, or RUNBOOK_PYTHON unset',
        );
      return found.interpreter;
    }
    for (const candidate of PYTHON_CANDIDATES) {
      const found = probe(candidate, candidate);
      if ('interpreter' in found) return found.interpreter;
    }
    return null;
  });
}

/**
 * The project's own `.venv/` Python (cached), where `runbook setup` installs Jupyter and, with
 * `--with-ray`, Ray; null when there is none. Ray is looked for there first, then on the chosen Python.
 */
export function projectVenvPython(): PythonInterpreter | null {
  return cached('venv', () => {
    const executable = path.join(sourceFile('.'), '..', '.venv', 'bin', 'python');
    if (!fs.existsSync(executable)) return null;
    const found = probe(executable, "the project's .venv");
    return 'interpreter' in found ? found.interpreter : null;
  });
}

/**
 * A free-threaded CPython on PATH that answers (cached), or null: the chosen Python itself when it is
 * one, else `python3.14t`, then `python3.13t`.
 * @example freeThreadedPython()?.label // "CPython 3.14.0 free-threaded", or null on most machines
 */
export function freeThreadedPython(): PythonInterpreter | null {
  return cached('free-threaded', () => {
    const chosen = chosenPython();
    if (chosen?.freeThreaded) return chosen;
    for (const candidate of FREE_THREADED_CANDIDATES) {
      const found = probe(candidate, candidate);
      if ('interpreter' in found && found.interpreter.freeThreaded) return found.interpreter;
    }
    return null;
  });
}

import { spawnSync } from 'node:child_process';
import { chosenPython, hasPython as pythonRuns } from '../../lib';

/** Whether a Python runs here: the CPython rows of a comparison exist only then. */
export const hasPython = pythonRuns();

/** "3.13.0" → 313, to compare minor versions. */
const minorOf = (version: string) => {
  const [major, minor] = version.split('.').map(Number);
  return major * 100 + minor;
};

function versionOf(command: string): string | null {
  const result = spawnSync(command, ['-c', 'import platform; print(platform.python_version())'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** pyenv's installed versions that satisfy `wanted`, newest first, as paths to their python3. */
function pyenvPythons(wanted: (minor: number) => boolean): string[] {
  const listed = spawnSync('pyenv', ['versions', '--bare'], { encoding: 'utf8' });
  if (listed.status !== 0) return [];
  return listed.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && wanted(minorOf(v)))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((version) =>
      spawnSync('pyenv', ['which', 'python3'], {
        encoding: 'utf8',
        env: { ...process.env, PYENV_VERSION: version },
      }).stdout.trim(),
    )
    .filter((path) => path !== '' && versionOf(path) !== null);
}

/**
 * A Python for RUNBOOK_PYTHON whose minor version satisfies `wanted`, found as a user would: the chosen
 * one when it fits, else pyenv's newest that does (`PYENV_VERSION=V pyenv which python3`). Null when
 * there is none, and the test that asked says it is skipped.
 */
function pythonFor(wanted: (minor: number) => boolean, what: string, test: string): string | null {
  const chosen = chosenPython();
  const found = chosen && wanted(minorOf(chosen.version)) ? chosen.command : (pyenvPythons(wanted)[0] ?? null);
  if (!found)
    console.log(`  skipped "${test}": no ${what} here (set RUNBOOK_PYTHON to one, or install one with pyenv)`);
  return found;
}

/** A Python 3.12 or later (subinterpreters with a GIL of their own), or null with a printed skip. */
export const subinterpreterPython = (test: string) => pythonFor((minor) => minor >= 312, 'Python 3.12 or later', test);

/** A Python 3.8–3.11 (subinterpreters that share one GIL), or null with a printed skip. */
export const olderPython = (test: string) => pythonFor((minor) => minor >= 308 && minor < 312, 'Python 3.8–3.11', test);

/** Run `fn` with environment variables set (or removed, for undefined), restoring them afterwards. */
export async function withEnv<T>(values: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

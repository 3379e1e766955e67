/** The benchmarks' Python programs (bench/python/*.py), run through the lib's one Python runner. */
import * as path from 'node:path';
import { runPythonJson } from '../lib';

/** Run one of bench/python/*.py and parse the JSON line it prints; null without python3. */
export function runPython<T>(script: string, args: string[]): T | null {
  // From dist/bench/ or bench/ alike: the .py files are not compiled and stay in bench/python/.
  const root =
    path.basename(path.dirname(__dirname)) === 'dist' ? path.join(__dirname, '..', '..') : path.join(__dirname, '..');
  return runPythonJson<T>(path.join(root, 'bench', 'python', script), args);
}

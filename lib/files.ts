/**
 * Where the lib's files are on disk, whether this module runs compiled (`dist/lib`) or from its
 * TypeScript source under ts-node (the tests): worker entries must be compiled JavaScript, because a
 * worker thread or child process does not inherit a TypeScript loader; Python programs are not
 * compiled at all and stay beside their source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const runningFromSource = path.extname(__filename) === '.ts';
const SOURCE_LIB = runningFromSource ? __dirname : path.resolve(__dirname, '../../lib');
const COMPILED_LIB = runningFromSource ? path.resolve(__dirname, '../dist/lib') : __dirname;

/**
 * The compiled `.js` of a lib module, e.g. `compiledFile('cpu/chunk-runner')` (a pool's worker
 * entries live beside the pool that starts them).
 * @throws when it has not been built (`npm run build`).
 */
export function compiledFile(relative: string): string {
  const file = path.join(COMPILED_LIB, `${relative}.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  return file;
}

/** The compiled entry of `lib/workers/<name>`: the first file of an experiment's worker thread or child process. */
export function workerFile(name: string): string {
  return compiledFile(`workers/${name}`);
}

/** A file that is not compiled and stays in `lib/`, such as `experiments/gil_run.py`. */
export function sourceFile(relative: string): string {
  return path.join(SOURCE_LIB, relative);
}

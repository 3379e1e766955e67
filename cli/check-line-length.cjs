/**
 * `npm run lint`, third step: every line of the project's code is at most 120 characters, Biome's
 * lineWidth. Biome's formatter wraps code at that width but never breaks a string, a template
 * literal, a comment or a test name, so this check covers what it leaves long.
 *
 *   node cli/check-line-length.cjs [file | folder ...]   (default: lib/ cli/ bench/ test/)
 *
 * Checks .ts, .cjs, .mjs and .js files: by default those git tracks under lib/, cli/, bench/ and
 * test/, and new ones it does not ignore (outside a git checkout, every one in those folders); a
 * folder given is walked, skipping node_modules/ and dist/; a file given is checked whatever its name.
 * Prints `FILE:LINE: N characters` for each longer line and exits 1 if there is one. LINE counts
 * from 1, as editors do; N counts characters (code points), not bytes. A path that does not exist,
 * or a folder with no code in it, exits 2: a typo must not pass as "nothing too long".
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { InputError, overLongLines, runLineCheck } = require('./long-lines.cjs');

const MAX_CHARACTERS = 120;
const ROOT = path.join(__dirname, '..');
const FOLDERS = ['lib', 'cli', 'bench', 'test'];
const CODE = /\.(ts|cjs|mjs|js)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

/** The code files under `folder`, in order, leaving out node_modules/ and dist/. */
function walk(folder) {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : walk(full);
      return entry.isFile() && CODE.test(entry.name) ? [full] : [];
    });
}

/** The code files of FOLDERS git tracks or would (not ignored, not deleted); outside a checkout, all of them. */
function trackedFiles() {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...FOLDERS], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (git.error || git.status !== 0) {
    const folders = FOLDERS.map((folder) => path.join(ROOT, folder));
    return folders.filter((folder) => fs.existsSync(folder)).flatMap((folder) => walk(folder));
  }
  // A file in a merge conflict is listed once per stage.
  const names = [...new Set(git.stdout.split('\0'))].filter((name) => CODE.test(name));
  return names.map((name) => path.join(ROOT, name)).filter((file) => fs.existsSync(file));
}

/** The files an argument names: the file itself, or a folder's code files. */
function codeFiles(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new InputError(`expected a file or a folder of code, but "${target}" does not exist`);
  }
  if (stat.isFile()) return [target];
  const inFolder = walk(target);
  if (inFolder.length === 0)
    throw new InputError(`expected code files (.ts, .cjs, .mjs, .js) in the folder "${target}", found none`);
  return inFolder;
}

/** Every `FILE:LINE: N characters` among the files the targets name (the tracked ones if none). */
function findPlaces(targets) {
  const files = targets.length > 0 ? targets.flatMap(codeFiles) : trackedFiles();
  return files.flatMap((file) => {
    const shown = path.relative(process.cwd(), file) || file;
    const found = overLongLines(fs.readFileSync(file, 'utf8'), MAX_CHARACTERS);
    return found.map(({ line, characters }) => `${shown}:${line}: ${characters} characters`);
  });
}

runLineCheck(
  'check-line-length',
  findPlaces,
  (count, lines) =>
    `${count} ${lines} over ${MAX_CHARACTERS} characters: re-wrap the comment, split the string with +, ` +
    'or shorten the test name.',
);

/**
 * `npm run lint`, second step: every line of every code cell in the notebooks is at most 100
 * characters, so that no cell scrolls sideways in JupyterLab. Markdown cells are prose and may wrap.
 *
 *   node cli/check-notebook-lines.cjs [notebook.ipynb | folder ...]   (default: notebooks/)
 *
 * Prints `FILE cell K line L: N characters` for each longer line and exits 1 if there is one.
 * K counts every cell from 0, as `runbook notebooks` names cells in its errors; L counts from 1, as
 * editors do; N counts characters (code points), not bytes. A path that holds no notebook, or a
 * notebook that is not JSON, exits 2: a typo must not pass as "nothing too long".
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const fs = require('node:fs');
const path = require('node:path');
const { InputError, overLongLines, runLineCheck } = require('./long-lines.cjs');

const MAX_CHARACTERS = 100;
const DEFAULT_FOLDER = path.join(__dirname, '..', 'notebooks');

/** The .ipynb files an argument names: the file itself, or a folder's notebooks (not its subfolders). */
function notebookFiles(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new InputError(`expected a notebook (.ipynb) or a folder of them, but "${target}" does not exist`);
  }
  if (stat.isFile()) return [target];
  const inFolder = fs
    .readdirSync(target)
    .filter((name) => name.endsWith('.ipynb'))
    .sort()
    .map((name) => path.join(target, name));
  if (inFolder.length === 0) throw new InputError(`expected notebooks (.ipynb) in the folder "${target}", found none`);
  return inFolder;
}

/** Each code-cell line of `file` longer than the limit: `{ cell, line, characters }`. */
function longLines(file) {
  let notebook;
  try {
    notebook = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`expected "${file}" to be a notebook in JSON: ${error.message}`);
  }
  if (!Array.isArray(notebook?.cells)) throw new InputError(`expected "${file}" to hold a "cells" list`);
  return notebook.cells.flatMap((cell, cellIndex) => {
    if (cell.cell_type !== 'code') return [];
    // nbformat stores a cell's source as one string or as a list of lines that keep their "\n".
    const source = Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? '');
    return overLongLines(source, MAX_CHARACTERS).map((found) => ({ cell: cellIndex, ...found }));
  });
}

/** Every `FILE cell K line L: N characters` among the notebooks the targets name (notebooks/ if none). */
function findPlaces(targets) {
  const files = (targets.length > 0 ? targets : [DEFAULT_FOLDER]).flatMap(notebookFiles);
  return files.flatMap((file) => {
    const shown = path.relative(process.cwd(), file) || file;
    return longLines(file).map(
      ({ cell, line, characters }) => `${shown} cell ${cell} line ${line}: ${characters} characters`,
    );
  });
}

runLineCheck(
  'check-notebook-lines',
  findPlaces,
  (count, lines) =>
    `${count} notebook code ${lines} over ${MAX_CHARACTERS} characters: wrap, or move the code into lib/.`,
);

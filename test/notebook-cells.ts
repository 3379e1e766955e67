/** The notebooks as files: valid nbformat 4.5 cells, which every cell needs an id for. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { navigationCells } from '../cli/pipeline/navigation';
import { listNotebooks, readNotebook } from '../cli/pipeline/notebook-file';
import { NOTEBOOKS_DIR } from '../cli/project';

/** nbformat 4.5's schema for a cell id. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

test('every cell of every notebook has an id of nbformat 4.5, unique in its notebook', () => {
  for (const entry of listNotebooks(NOTEBOOKS_DIR)) {
    const notebook = readNotebook(entry.file);
    assert.ok(notebook.nbformat === 4 && notebook.nbformat_minor >= 5, `${entry.name}: nbformat 4.5 or later`);
    const ids = notebook.cells.map((cell) => cell.id);
    const bad = ids.map((id, index) => [index, id] as const).filter(([, id]) => !CELL_ID.test(id ?? ''));
    assert.equal(bad, [], `${entry.name}: cells without a valid id`);
    assert.is(new Set(ids).size, ids.length, `${entry.name}: ids repeat`);
  }
});

test('the generated navigation cells carry ids of their own', () => {
  const [top, bottom] = navigationCells('[Contents](00-Index.ipynb)');
  assert.ok(CELL_ID.test(top.id ?? '') && CELL_ID.test(bottom.id ?? ''));
  assert.is.not(top.id, bottom.id);
});

test.run();

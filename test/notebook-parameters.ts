import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const dir = path.join(__dirname, '..', 'notebooks');
const notebooks = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

type Cell = { cell_type: string; source: string[]; metadata: { tags?: string[] } };

test("every notebook's parameters cell carries papermill's `parameters` tag and defines every quick-mode value", () => {
  for (const name of notebooks) {
    const notebook = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as {
      cells: Cell[];
      metadata: { runbook?: { quick?: Record<string, string> } };
    };
    const code = notebook.cells.filter((cell) => cell.cell_type === 'code');
    const tagged = code.filter((cell) => cell.metadata.tags?.includes('parameters'));
    // A parameter is read from the environment by an …Param(NAME, default) call.
    const reading = code.filter((cell) => /\b\w+Param\(/.test(cell.source.join('')));
    assert.ok(tagged.length <= 1, `${name}: ${tagged.length} cells tagged parameters`);
    assert.equal(reading, tagged, `${name}: the cell that reads parameters is the one tagged`);
    const quick = Object.keys(notebook.metadata.runbook?.quick ?? {});
    const source = tagged[0]?.source.join('') ?? '';
    for (const key of quick) assert.match(source, new RegExp(`const ${key} = \\w+Param\\('${key}'`), `${name}: ${key}`);
  }
});

test.run();

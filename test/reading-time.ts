import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { proseWords, readingTime, WORDS_PER_MINUTE } from '../lib';

test('prose words: code blocks, tags and link targets are not read; words in backticks and link texts are', () => {
  assert.is(proseWords('Run `npm start` [now](https://example.org/a-b).'), 4);
  assert.is(proseWords('Before.\n```python\nfor i in range(10):\n    print(i)\n```\nAfter — done.'), 3);
  assert.is(proseWords('<details><summary>What to expect</summary>\n\nA | B\n|---|---|\n'), 5);
});

test('each NN- notebook of a folder, in order: its markdown words (navigation lines aside) at the given pace', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'reading-'));
  try {
    const cell = (cell_type: string, source: string[], tags?: string[]) => ({
      cell_type,
      source,
      metadata: tags ? { tags } : {},
    });
    const notebook = (cells: unknown[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
    writeFileSync(
      path.join(folder, '01-B.ipynb'),
      notebook([
        cell('markdown', ['# Title\n', 'two words']),
        cell('code', ['const ignored = 1;']),
        cell('markdown', ['[< A](00-A.ipynb)'], ['nav']),
      ]),
    );
    writeFileSync(path.join(folder, '00-A.ipynb'), notebook([cell('markdown', ['one two three four'])]));
    writeFileSync(path.join(folder, 'notes.ipynb'), notebook([cell('markdown', ['not a notebook of the runbook'])]));
    assert.equal(readingTime(folder, 2), [
      { notebook: '00-A.ipynb', words: 4, minutes: 2 },
      { notebook: '01-B.ipynb', words: 3, minutes: 1.5 },
    ]);
    assert.throws(() => readingTime(folder, 0), /`wordsPerMinute` to be a number above 0/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the runbook's own notebooks are found by default, the index first", () => {
  const rows = readingTime();
  assert.is(rows[0].notebook, '00-Index.ipynb');
  assert.ok(rows.length >= 10 && rows.every((row) => row.words > 0 && row.minutes === row.words / WORDS_PER_MINUTE));
});

test.run();

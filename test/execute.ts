/** Executing notebooks headless: an executed copy never replaces the notebook it came from. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebooks, runNotebook } from '../cli/pipeline/execute';
import { rejects } from './helpers/assert';

test('a target that is the source notebook, by path or through a linked folder, is refused up front', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'execute-'));
  try {
    const source = path.join(scratch, 'notebooks', '01-Work.ipynb');
    fs.mkdirSync(path.dirname(source));
    const text = `${JSON.stringify({
      cells: [{ cell_type: 'markdown', metadata: {}, source: '# Work' }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    })}\n`;
    fs.writeFileSync(source, text);
    fs.symlinkSync(path.dirname(source), path.join(scratch, 'site'));
    for (const target of [
      source,
      path.join(scratch, 'notebooks', '..', 'notebooks', '01-Work.ipynb'),
      path.join(scratch, 'site', '01-Work.ipynb'),
    ]) {
      await rejects(executeNotebooks([{ source, target }]), /would replace the notebook itself/);
      await rejects(runNotebook(source, target), /would replace the notebook itself/);
    }
    assert.is(fs.readFileSync(source, 'utf8'), text);
    assert.equal(fs.readdirSync(path.dirname(source)), ['01-Work.ipynb']);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test.run();

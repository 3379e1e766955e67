import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { compiledFile, sourceFile, workerFile } from '../lib/files';

test('compiled modules and worker entries resolve into dist/lib, also when the lib runs from source', () => {
  assert.match(workerFile('data-echo'), /dist\/lib\/workers\/data-echo\.js$/);
  assert.match(compiledFile('io/page-tasks'), /dist\/lib\/io\/page-tasks\.js$/);
  assert.ok(fs.existsSync(workerFile('data-echo')));
});

test('a module that was not built is named, with the command that builds it', () => {
  assert.throws(() => compiledFile('no/such-module'), /such-module\.js is missing: run `npm run build`/);
});

test('files that are not compiled (the Python programs) are found beside their source', () => {
  assert.ok(fs.existsSync(sourceFile('experiments/gil_run.py')));
  assert.not.match(sourceFile('experiments/gil_run.py'), /dist/);
});

test.run();

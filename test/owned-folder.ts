/**
 * The site's folder: written only when missing, empty or the runbook's; links replaced, never
 * followed; only listed files deleted.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SITE_FILE } from '../cli/pipeline/build-site';
import {
  claimFolder,
  FolderNotOwnedError,
  type FolderRules,
  MARKER_NAME,
  replaceFile,
} from '../cli/pipeline/owned-folder';
import { folderSnapshot, makeForeignFolder, OUTSIDE_TEXT } from './helpers/foreign-folder';

const known = new Set(['index.html', '00-Index.ipynb', '01-Work.html', '01-Work.ipynb', 'runbook.css', 'runbook.js']);
const rules = (extra: Partial<FolderRules> = {}): FolderRules => ({
  planned: known,
  known,
  listable: SITE_FILE,
  tolerated: ['screenshots'],
  label: '--out',
  ...extra,
});

let scratch: string;
test.before.each(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'owned-folder-'));
});
test.after.each(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function refusal(dir: string, folderRules = rules()): string {
  try {
    claimFolder(dir, folderRules);
  } catch (error) {
    assert.instance(error, FolderNotOwnedError);
    return (error as Error).message;
  }
  assert.unreachable(`${dir} was accepted`);
  return '';
}

test('a missing or an empty folder is accepted, and nothing is written until begin()', () => {
  const missing = path.join(scratch, 'new', 'site');
  const folder = claimFolder(missing, rules());
  assert.not.ok(fs.existsSync(missing));
  folder.begin();
  assert.equal(JSON.parse(fs.readFileSync(path.join(missing, MARKER_NAME), 'utf8')).files, [...known].sort());
  const empty = path.join(scratch, 'empty');
  fs.mkdirSync(empty);
  claimFolder(empty, rules());
  assert.equal(fs.readdirSync(empty), []);
});

test("a folder with others' files is refused in a line naming it and first foreign files; left byte for byte", () => {
  const { dir, outside } = makeForeignFolder(scratch, '01-Work.html');
  const before = folderSnapshot(dir);
  const message = refusal(dir);
  assert.match(message, `--out ${dir}`);
  assert.match(message, '01-my-notes.html, 01-Work.html (a link), 99-draft.ipynb');
  assert.not.match(message, '\n');
  assert.equal(folderSnapshot(dir), before);
  assert.is(fs.readFileSync(outside, 'utf8'), OUTSIDE_TEXT);
});

test("a pre-marker folder holding only the runbook's files by name (and screenshots/) is taken, files listed", () => {
  fs.writeFileSync(path.join(scratch, 'index.html'), 'old');
  fs.writeFileSync(path.join(scratch, '01-Work.html'), 'old');
  fs.mkdirSync(path.join(scratch, 'screenshots'));
  const folder = claimFolder(scratch, rules({ planned: new Set(['index.html', 'runbook.css']) }));
  assert.ok(folder.adopted);
  folder.begin();
  assert.equal(JSON.parse(fs.readFileSync(path.join(scratch, MARKER_NAME), 'utf8')).files, [
    '01-Work.html',
    'index.html',
    'runbook.css',
  ]);
  // Anything else in it, a link by a page's name included, makes it someone else's.
  fs.rmSync(path.join(scratch, MARKER_NAME));
  fs.symlinkSync(path.join(scratch, 'index.html'), path.join(scratch, '01-Work.ipynb'));
  assert.match(refusal(scratch), '01-Work.ipynb (a link)');
});

test('the notebooks folder, anything inside it (through a link too), the project root and a file are refused', () => {
  const notebooks = path.join(scratch, 'notebooks');
  fs.mkdirSync(notebooks);
  fs.symlinkSync(notebooks, path.join(scratch, 'link'));
  const protect = rules({
    protectedFolders: [
      { dir: notebooks, what: 'the notebooks folder', inside: true },
      { dir: scratch, what: "the project's root" },
    ],
  });
  assert.match(refusal(notebooks, protect), `it is the notebooks folder (${notebooks})`);
  assert.match(refusal(path.join(scratch, 'link'), protect), `it is the notebooks folder (${notebooks})`);
  for (const dir of [path.join(notebooks, 'site'), path.join(scratch, 'link', 'deeper')]) {
    assert.match(refusal(dir, protect), `it is inside the notebooks folder (${notebooks})`);
  }
  assert.match(refusal(scratch, protect), `it is the project's root (${scratch})`);
  // Only the root itself: a folder inside the project (not the notebooks) may hold a site.
  claimFolder(path.join(scratch, 'site'), protect);
  fs.writeFileSync(path.join(scratch, 'file'), '');
  assert.match(refusal(path.join(scratch, 'file')), 'it is not a folder');
});

test('in a folder the runbook made, a planned file it did not list is refused; unlisted others stay untouched', () => {
  fs.writeFileSync(path.join(scratch, MARKER_NAME), JSON.stringify({ files: ['index.html'] }));
  fs.writeFileSync(path.join(scratch, 'notes.txt'), 'mine');
  claimFolder(scratch, rules());
  fs.writeFileSync(path.join(scratch, '01-Work.html'), 'not listed');
  assert.match(refusal(scratch), 'not its own (not listed in .runbook-site.json): 01-Work.html');
});

test("a marker that lists anything but the site's own file names is refused, so nothing outside can be deleted", () => {
  for (const files of [['../outside.txt'], ['package.json'], 'index.html', [MARKER_NAME]]) {
    fs.writeFileSync(path.join(scratch, MARKER_NAME), JSON.stringify({ files }));
    assert.match(refusal(scratch), 'lists files the runbook does not write');
  }
  fs.writeFileSync(path.join(scratch, MARKER_NAME), 'not json');
  assert.match(refusal(scratch), 'is not JSON');
});

test('removeStale deletes only the listed files the site no longer has; a listed link goes, its target stays', () => {
  const outside = path.join(scratch, 'outside.txt');
  fs.writeFileSync(outside, 'keep me');
  const dir = path.join(scratch, 'site');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, MARKER_NAME),
    JSON.stringify({ files: ['index.html', '04-Old.html', '05-Gone.ipynb'] }),
  );
  fs.writeFileSync(path.join(dir, 'index.html'), 'page');
  fs.writeFileSync(path.join(dir, '04-Old.html'), 'stale');
  fs.symlinkSync(outside, path.join(dir, '05-Gone.ipynb'));
  fs.writeFileSync(path.join(dir, '07-Someone-Else.html'), 'not listed');
  const folder = claimFolder(dir, rules());
  folder.begin();
  assert.equal(folder.removeStale().sort(), ['04-Old.html', '05-Gone.ipynb']);
  assert.equal(fs.readdirSync(dir).sort(), [MARKER_NAME, '07-Someone-Else.html', 'index.html']);
  assert.is(fs.readFileSync(outside, 'utf8'), 'keep me');
  folder.finish();
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, MARKER_NAME), 'utf8')).files, ['index.html']);
});

test("replaceFile replaces a link with a file of its own and leaves the link's target byte for byte", () => {
  const outside = path.join(scratch, 'outside.html');
  fs.writeFileSync(outside, 'keep me');
  fs.symlinkSync(outside, path.join(scratch, 'index.html'));
  replaceFile(scratch, 'index.html', 'new page');
  assert.not.ok(fs.lstatSync(path.join(scratch, 'index.html')).isSymbolicLink());
  assert.is(fs.readFileSync(path.join(scratch, 'index.html'), 'utf8'), 'new page');
  assert.is(fs.readFileSync(outside, 'utf8'), 'keep me');
  assert.equal(fs.readdirSync(scratch).sort(), ['index.html', 'outside.html'], 'no temporary file is left');
  assert.throws(() => replaceFile(scratch, '../escape.html', 'x'), /plain file name/);
});

test.run();

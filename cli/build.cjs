/**
 * `npm run build`: compile with tsc into a fresh dist/, unless dist/ was built from exactly these
 * sources (a hash of every .ts file, tsconfig.json and package-lock.json, kept in dist/.sources-hash).
 * `npm start` and `npm test` build first; skipping an unchanged build saves them about 6 s.
 * Plain CommonJS: it runs before anything is compiled. `--force` always builds.
 */
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.sources-hash');

function sourceFiles(dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const hash = createHash('sha256');
for (const file of [...['lib', 'cli', 'test', 'bench'].flatMap(sourceFiles).sort(), 'tsconfig.json', 'package-lock.json']) {
  hash.update(`${file}\0`);
  if (fs.existsSync(path.join(root, file))) hash.update(fs.readFileSync(path.join(root, file)));
}
const sourcesHash = hash.digest('hex');

if (!process.argv.includes('--force') && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === sourcesHash) {
  process.exit(0);
}
// A fresh dist/: a source deleted or renamed must not leave its compiled file behind. Compiled beside
// it and swapped in by two renames, so that a worker, test or kernel running meanwhile never finds
// dist/ empty or half written.
const fresh = `${dist}.building-${process.pid}`;
const old = `${dist}.old-${process.pid}`;
fs.rmSync(fresh, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--outDir', fresh], { stdio: 'inherit' });
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(fresh, dist);
fs.rmSync(old, { recursive: true, force: true });
// npm marks the bin executable only when it installs: a rebuilt one must be marked again.
if (fs.existsSync(path.join(dist, 'cli', 'main.js'))) fs.chmodSync(path.join(dist, 'cli', 'main.js'), 0o755);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
fs.writeFileSync(stamp, sourcesHash);

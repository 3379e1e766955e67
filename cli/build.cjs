/**
 * `npm run build`: compile lib/, cli/ and bench/ into dist/ (tsconfig.build.json). The tests run from
 * source through ts-node, so an edit to a test compiles nothing; `--typecheck-tests` (npm test's
 * pretest) type-checks them as well, against tsconfig.json, which holds every folder.
 * - Nothing happens when dist/ was built from exactly these sources: a hash of their .ts files, the
 *   tsconfigs, package-lock.json and this script, kept in dist/.sources-hash.
 * - Otherwise tsc compiles incrementally into dist.staging/ (its state in dist.tsbuildinfo): the files
 *   that changed and those whose types depend on them. `--force` compiles everything again.
 * - dist/ itself is replaced whole by a copy of dist.staging/, swapped in by two renames, so that a
 *   worker, test or kernel running meanwhile never finds it empty or half written; and the compiled
 *   files of a source deleted or renamed are removed from dist.staging/ first.
 * - One build at a time (dist.lock): a second waits, then finds dist/ up to date.
 * Plain CommonJS: it runs before anything is compiled.
 */
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const staging = `${dist}.staging`;
const buildInfo = `${dist}.tsbuildinfo`;
const testsBuildInfo = `${dist}.typecheck.tsbuildinfo`;
const lockFile = `${dist}.lock`;
const stamp = path.join(dist, '.sources-hash');
const COMPILED_FOLDERS = ['lib', 'cli', 'bench'];
const LOCK_WAIT_MS = 10 * 60_000;
const force = process.argv.includes('--force');

/** Every .ts file under `dir`, relative to the root. */
function sourceFiles(dir) {
  if (!fs.existsSync(path.join(root, dir))) return [];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** The sources tsc compiles to a .js file each (a .d.ts compiles to nothing). */
function compiledSources(sources) {
  return sources.filter((source) => !source.endsWith('.d.ts'));
}

function sourcesHash(sources) {
  const hash = createHash('sha256');
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', path.relative(root, __filename)];
  for (const file of [...sources, ...inputs]) {
    hash.update(`${file}\0`);
    if (fs.existsSync(path.join(root, file))) hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

function upToDate(hash) {
  try {
    return !force && fs.readFileSync(stamp, 'utf8') === hash;
  } catch {
    return false; // not built yet, or between the two renames of another build
  }
}

function tsc(args) {
  const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Run `fn` holding dist.lock; a lock left by a build that died (Ctrl-C, kill) is taken over. */
function withLock(fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = 0;
    let ageMs = 0;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8'));
      ageMs = Date.now() - fs.statSync(lockFile).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if ((holder > 0 && !isAlive(holder)) || ageMs > LOCK_WAIT_MS) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`build: another build (pid ${holder}) has held ${lockFile} for 10 minutes`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/** The source a compiled file came from (`lib/a.js`, `lib/a.js.map`, `lib/a.d.ts` → `lib/a.ts`). */
function sourceOf(compiled) {
  const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(compiled);
  return match ? `${match[1]}.ts` : undefined;
}

/** Remove from dist.staging/ what no current source compiles to; returns the sources that have no .js there. */
function pruneStaging(sources) {
  const wanted = new Set(sources);
  const found = new Set();
  const walk = (relative) => {
    const dir = path.join(staging, relative);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
        if (fs.readdirSync(path.join(staging, child)).length === 0) fs.rmdirSync(path.join(staging, child));
        continue;
      }
      const source = sourceOf(child);
      if (source && wanted.has(source)) {
        if (child.endsWith('.js')) found.add(source);
      } else {
        fs.rmSync(path.join(staging, child));
      }
    }
  };
  if (fs.existsSync(staging)) walk('');
  return sources.filter((source) => !found.has(source));
}

/** tsc into dist.staging/, incrementally unless `fresh`; then its outputs match the sources one for one. */
function compile(sources, fresh) {
  if (fresh) {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(buildInfo, { force: true });
  }
  const status = tsc([
    '-p',
    path.join(root, 'tsconfig.build.json'),
    '--outDir',
    staging,
    '--incremental',
    '--tsBuildInfoFile',
    buildInfo,
  ]);
  return { status, missing: pruneStaging(compiledSources(sources)) };
}

/** Copy dist.staging/ beside dist/ and swap it in by two renames. */
function publish(hash) {
  const fresh = `${dist}.building-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.cpSync(staging, fresh, { recursive: true });
  // npm marks the bin executable only when it installs: a rebuilt one must be marked again.
  const bin = path.join(fresh, 'cli', 'main.js');
  if (fs.existsSync(bin)) fs.chmodSync(bin, 0o755);
  if (hash) fs.writeFileSync(path.join(fresh, '.sources-hash'), hash);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(fresh, dist);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Copies and old trees of builds that died between their renames. */
function removeLeftovers() {
  for (const name of fs.readdirSync(root)) {
    const match = /^dist\.(?:building|old)-(\d+)$/.exec(name);
    if (match && !isAlive(Number(match[1]))) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function build() {
  const sources = COMPILED_FOLDERS.flatMap(sourceFiles).sort();
  const hash = sourcesHash(sources);
  if (upToDate(hash)) return 0; // built by the build this one waited for
  removeLeftovers();
  const fresh = force || !fs.existsSync(buildInfo) || !fs.existsSync(staging);
  let { status, missing } = compile(sources, fresh);
  // tsc trusts its build info: compiled files lost from dist.staging/ come back only from a full compile.
  if (missing.length > 0 && !fresh) ({ status, missing } = compile(sources, true));
  if (missing.length > 0) {
    console.error(
      `build: tsc wrote nothing for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}; ` +
        'dist/ is left as it was',
    );
    return status || 1;
  }
  // Written with type errors too, as tsc emits them, but without the hash: the next build reports them again.
  publish(status === 0 ? hash : undefined);
  return status;
}

const sources = COMPILED_FOLDERS.flatMap(sourceFiles).sort();
let status = upToDate(sourcesHash(sources)) ? 0 : withLock(build);
if (status === 0 && process.argv.includes('--typecheck-tests')) {
  status = withLock(() => tsc(['-p', root, '--noEmit', '--incremental', '--tsBuildInfoFile', testsBuildInfo]));
}
process.exit(status);

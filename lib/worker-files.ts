/** Where the compiled worker entry files live. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The compiled `lib/workers/<name>.js`. Workers never inherit a TypeScript loader (ts-node in the
 * tests), so they always load `dist/`, also when this module runs from its `.ts` source.
 */
export function workerFile(name: string): string {
  const compiledDir = path.extname(__filename) === '.ts' ? path.resolve(__dirname, '../dist/lib') : __dirname;
  const entry = path.join(compiledDir, 'workers', `${name}.js`);
  if (!fs.existsSync(entry)) throw new Error(`Worker entry ${entry} is missing: run \`npm run build\``);
  return entry;
}

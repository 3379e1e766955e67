/**
 * `runbook notebooks --quick`, built once per test process: site.ts checks the site, jupyterlab.ts
 * opens its executed notebooks. Executing every notebook takes about a minute; two files each
 * running it cost `npm test` that minute twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSite } from '../../cli/pipeline/build-site';
import { MARKER_NAME } from '../../cli/pipeline/owned-folder';
import { PROJECT_ROOT } from '../../cli/project';

export const QUICK_SITE = path.join(PROJECT_ROOT, 'site-test');
/** Pages of a notebook renamed since the last build, listed in the folder's marker: the build must delete them. */
export const STALE_PAGES = ['04-Old-Name.html', '04-Old-Name.ipynb'];

let built: Promise<string> | undefined;

/** The folder of the quick site, built on the first call (a failed build fails every caller). */
export function quickSite(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  fs.rmSync(QUICK_SITE, { recursive: true, force: true });
  fs.mkdirSync(QUICK_SITE, { recursive: true });
  for (const stale of STALE_PAGES) fs.writeFileSync(path.join(QUICK_SITE, stale), 'stale');
  fs.writeFileSync(path.join(QUICK_SITE, MARKER_NAME), JSON.stringify({ files: STALE_PAGES }));
  await buildSite({ quick: true, outDir: QUICK_SITE, log: () => {} });
  return QUICK_SITE;
}

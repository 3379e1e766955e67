import * as path from 'node:path';

/** The project's root folder, found from this file whether it runs from `cli/` (ts-node) or `dist/cli/`. */
export const PROJECT_ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..');

/** Where the notebooks live, in reading order by file name. */
export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, 'notebooks');

/** The default output folder of the HTML tutorial. */
export const SITE_DIR = path.join(PROJECT_ROOT, 'site');

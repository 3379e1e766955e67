import { spawnSync } from 'node:child_process';

/** Whether python3 runs here: the CPython rows of a comparison exist only then. */
export const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

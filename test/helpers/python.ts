import { hasPython as pythonRuns } from '../../lib';

/** Whether python3 runs here: the CPython rows of a comparison exist only then. */
export const hasPython = pythonRuns();

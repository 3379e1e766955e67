import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** A full garbage collection, without starting node with --expose-gc: what is left is what is held. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Kernel → Interrupt sends the kernel SIGINT; tslab then abandons the running cell, but whatever the
 * cell started would run on unobserved. In the kernel, an interrupt also stops every worker pool and
 * server process the lib started (`stopEverything`), so the next cell starts on an idle machine.
 */
import { stopEverything } from '../running';
import { inKernel } from './display';

let installed = false;

/** Install the interrupt handler once, and only inside the kernel. Called when the lib is loaded. */
export function stopRunningWorkOnInterrupt(): void {
  if (installed || !inKernel()) return;
  installed = true;
  process.on('SIGINT', () => {
    void stopEverything();
  });
}

stopRunningWorkOnInterrupt();

import type { Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_PATH, ensureTool } from '../../cli/system-tools';

/** Launch Debian's headless Chromium with the flags this closed network needs (installing it as root if missing). */
export async function launchChromium(): Promise<Browser> {
  ensureTool(CHROMIUM);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

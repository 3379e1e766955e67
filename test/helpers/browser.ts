/** Chromium for the browser tests: Debian's package (browsers are not downloaded here). */
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { ensureTool, type SystemTool } from '../../cli/system-tools';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM: SystemTool = {
  name: 'Chromium',
  isPresent: () => fs.existsSync(CHROMIUM_PATH),
  debianPackages: ['chromium'],
  otherwise: 'Or point CHROMIUM_PATH at a Chromium binary.',
};

/** Launch Debian's headless Chromium with the flags this closed network needs (installing it as root if missing). */
export async function launchChromium(): Promise<Browser> {
  ensureTool(CHROMIUM);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Every `runbook` subcommand by name, in the order `runbook --help` lists them. */
import type { Command } from '../command';
import { download, serve } from './io';
import { gil, map } from './cpu';
import { memory } from './memory';
import { lab, nav, notebooks, setup } from './notebooks';
import { race } from './race';
import { threadpool } from './threadpool';
import { connections } from './connections';
import { worker } from './worker';

export const commands: Record<string, Command> = {
  notebooks,
  nav,
  setup,
  lab,
  serve,
  download,
  connections,
  map,
  worker,
  gil,
  threadpool,
  race,
  memory,
};

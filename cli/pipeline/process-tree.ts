/**
 * The machine's processes as Linux's /proc shows them: who started whom, which process group each
 * leads, what its command line says. `runbook lab` uses it to find the kernels JupyterLab started (in
 * sessions of their own, out of reach of a signal to its group) and stop them when JupyterLab cannot.
 * Elsewhere than Linux the table is empty, and only what the runbook started itself is stopped.
 */
import * as fs from 'node:fs';

export interface ProcessEntry {
  pid: number;
  parentPid: number;
  groupId: number;
  /** `Z` for a zombie: it has exited and only waits for its parent to collect its status. */
  state: string;
  /** The arguments joined by spaces ('' for kernel threads and zombies). */
  commandLine: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces and parentheses: the fields follow the last ')'.
    const [state, parentPid, groupId] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, parentPid: Number(parentPid), groupId: Number(groupId), state, commandLine };
  } catch {
    return undefined; // it exited while we looked
  }
}

/** Every process visible in /proc now. */
export function processTable(): ProcessEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter((name) => /^\d+$/.test(name)).flatMap((name) => readEntry(Number(name)) ?? []);
}

/** Whether `pid` still runs: a zombie has exited, even before its parent collects it. */
export function isRunning(pid: number): boolean {
  const entry = readEntry(pid);
  if (entry) return entry.state !== 'Z';
  try {
    process.kill(pid, 0);
    return true; // no /proc (not Linux), but the process is there
  } catch {
    return false;
  }
}

/** The children of `pid`, their children, and so on (not `pid` itself). */
export function descendantsOf(pid: number, table = processTable()): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = table.filter((entry) => parents.has(entry.parentPid));
    found.push(...children);
    parents = new Set(children.map((entry) => entry.pid));
  }
  return found;
}

/** The running processes whose command line contains `text`. */
export function processesMentioning(text: string, table = processTable()): ProcessEntry[] {
  return table.filter((entry) => entry.state !== 'Z' && entry.commandLine.includes(text));
}

/**
 * Send `signal` to each process, and to the whole group of each one that leads a group of its own (a
 * kernel's pools and servers go with it) — never to this process's own group.
 */
export function signalProcesses(entries: readonly ProcessEntry[], signal: NodeJS.Signals): void {
  const ownGroup = readEntry(process.pid)?.groupId;
  for (const entry of entries) {
    const targets = entry.groupId === entry.pid && entry.groupId !== ownGroup ? [-entry.pid, entry.pid] : [entry.pid];
    for (const target of targets) {
      try {
        process.kill(target, signal);
      } catch {
        // gone already
      }
    }
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';

/** The facts about this machine that every measurement depends on. */
export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  tslab: string;
  platform: string;
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/**
 * Describe this machine: cores, CPU model, memory, Node and tslab versions.
 * @example machineFacts().cores // 2
 */
export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tslab: packageVersion('tslab'),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * How many OS threads this process runs now (Linux: /proc/self/status), or -1 where unknown.
 * Each worker thread adds one; a count back at its baseline shows that no worker was left behind.
 */
export function osThreadCount(): number {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? -1);
  } catch {
    return -1;
  }
}

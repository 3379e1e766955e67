/** `npm run bench [io|cpu]`: print figures and ratios measured in one run, each goal met or missed. */
import { machineFacts } from '../lib';
import { benchCpu } from './cpu';
import { benchIo } from './io';

const sections: Record<string, () => Promise<number>> = { io: benchIo, cpu: benchCpu };

async function main(names: string[]): Promise<void> {
  const chosen = names.length > 0 ? names : Object.keys(sections);
  const unknown = chosen.filter((name) => !(name in sections));
  if (unknown.length > 0)
    throw new Error(`unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(sections).join(', ')}`);
  const facts = machineFacts();
  // Figures are only comparable on the same machine: say which one this is.
  console.log(
    `machine: ${facts.cores} cores (${facts.cpuModel}), ${facts.memoryGiB} GiB, Node ${facts.node}, ${facts.platform}`,
  );
  let missed = 0;
  for (const name of chosen) missed += await sections[name]();
  console.log(`\n${missed === 0 ? 'every goal met' : `${missed} goal(s) missed`} on ${facts.cores} cores`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});

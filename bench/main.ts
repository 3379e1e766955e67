/** `npm run bench [io|cpu]`: print figures and ratios measured in one run, each goal met or missed. */
import { availableParallelism } from 'node:os';
import { benchCpu } from './cpu';
import { benchIo } from './io';

const sections: Record<string, () => Promise<number>> = { io: benchIo, cpu: benchCpu };

async function main(names: string[]): Promise<void> {
  const chosen = names.length > 0 ? names : Object.keys(sections);
  const unknown = chosen.filter((name) => !(name in sections));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(sections).join(', ')}`);
  let missed = 0;
  for (const name of chosen) missed += await sections[name]();
  console.log(`\n${missed === 0 ? 'every goal met' : `${missed} goal(s) missed`} on ${availableParallelism()} cores`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});

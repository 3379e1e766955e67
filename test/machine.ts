import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { machineFacts, osThreadCount } from '../lib';

test('machineFacts names this machine: cores as Node may use them, Node and tslab versions', () => {
  const facts = machineFacts();
  assert.is(facts.cores, availableParallelism());
  assert.is(facts.node, process.version);
  assert.match(facts.tslab, /^\d+\.\d+\.\d+$/);
  assert.ok(Number.isInteger(facts.memoryGiB) && facts.memoryGiB > 0);
});

test('osThreadCount sees a worker thread come and go', async () => {
  const before = osThreadCount();
  const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
  await new Promise((resolve) => worker.once('online', resolve));
  assert.ok(osThreadCount() > before, `${osThreadCount()} threads with a worker, ${before} before`);
  await worker.terminate();
});

test.run();

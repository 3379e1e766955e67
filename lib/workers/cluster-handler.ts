/**
 * A node:cluster worker of `cluster-primary`: serves HTTP on 127.0.0.1 (the primary holds the port),
 * answering every request with the guide's heavy_computation(n) and its own pid.
 */
import { createServer } from 'node:http';
import { sumOfSquares } from '../workloads/sum-of-squares';

const { n } = JSON.parse(process.argv[2] ?? '{}') as { n: number };

createServer((_request, response) => {
  const sum = sumOfSquares(n);
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ pid: process.pid, sum: String(sum) }));
}).listen(0, '127.0.0.1');

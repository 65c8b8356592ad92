/**
 * One measurement in a fresh process: `node child.js IMPL WORKLOAD SIZES-JSON` prints the
 * measurement as one JSON line, then exits.
 */
import { type Sizes, type WorkloadName } from './config.js';
import { runWorkload } from './workloads.js';

const [impl, name, sizes] = process.argv.slice(2);
if ((impl !== 'racket-net' && impl !== 'node') || name === undefined || sizes === undefined) {
  process.stderr.write('usage: node child.js racket-net|node WORKLOAD SIZES-JSON\n');
  process.exit(2);
}
const result = await runWorkload(impl, name as WorkloadName, JSON.parse(sizes) as Sizes);
process.stdout.write(`${JSON.stringify({ ...result, runtime: `Node ${process.version}` })}\n`);
process.exit(0);

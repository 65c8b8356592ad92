/**
 * One racket-net micro-benchmark in a fresh process: `node child.js OP MS WARMUP_MS` prints what
 * `measureRnet` reports as one JSON line, then exits.
 */
import { isMicroOp, measureRnet } from './ops.js';

const [op, ms, warmupMs] = process.argv.slice(2);
if (op === undefined || !isMicroOp(op) || ms === undefined || warmupMs === undefined) {
  process.stderr.write('usage: node child.js OP MS WARMUP_MS\n');
  process.exit(2);
}
const report = await measureRnet(op, { ms: Number(ms), warmupMs: Number(warmupMs) });
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);

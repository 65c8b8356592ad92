#!/usr/bin/env node
/**
 * `npm run bench`: `node dist/bench/main.js [options]` (see `--help`). A full run (no `--only`,
 * no `--small`) ends with the port-operation microbenchmarks (`npm run bench:micro`), on the
 * same node and with the same number of runs.
 */
import { microMain } from './micro/run.js';
import { benchMain, resolveNode } from './run.js';

/** The microbenchmarks' arguments for a full run given `argv`, or null when they do not run. */
function microArgv(argv: readonly string[]): string[] | null {
  if (argv.some((a) => a === '--only' || a === '--small' || a === '--help' || a === '-h')) {
    return null;
  }
  const out: string[] = [];
  const node = argv.indexOf('--node');
  if (node >= 0 && argv[node + 1] !== undefined) out.push('--node', resolveNode(argv[node + 1]!));
  const runs = argv.indexOf('--runs');
  if (runs >= 0 && argv[runs + 1] !== undefined) out.push('--runs', argv[runs + 1]!);
  return out;
}

try {
  const argv = process.argv.slice(2);
  process.exitCode = await benchMain(argv);
  const micro = microArgv(argv);
  if (process.exitCode === 0 && micro !== null) process.exitCode = await microMain(micro);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

#!/usr/bin/env node
/** `npm run bench:micro`: `node dist/bench/micro/main.js [options]` (see `--help`). */
import { microMain } from './run.js';

try {
  process.exitCode = await microMain(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench:micro: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

#!/usr/bin/env node
/** `npm run bench`: `node dist/bench/main.js [options]` (see `--help`). */
import { benchMain } from './run.js';

try {
  process.exitCode = await benchMain(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

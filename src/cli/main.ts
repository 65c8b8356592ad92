#!/usr/bin/env node
/**
 * `rnet`: netcat built on racket-net. Parses the command, runs it in the main racket-net
 * thread, and turns an expected failure (an `exn`) into one line on stderr and exit 1.
 */
import { benchCommand } from './bench.js';
import { connectCommand } from './connect.js';
import { demoCommand } from './demo.js';
import { echoCommand } from './echo.js';
import { reportError, UsageError } from './errors.js';
import { MAIN_HELP } from './help.js';
import { listenCommand } from './listen.js';
import { drainStdout } from './stdio.js';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  connect: connectCommand,
  listen: listenCommand,
  echo: echoCommand,
  demo: demoCommand,
  bench: benchCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command: ${name}`);
    return await command(args);
  } catch (error) {
    return reportError(error, command === undefined ? '' : name);
  }
}

const code = await main(process.argv.slice(2));
await drainStdout();
// Exit now: a socket or stdin still open must not keep a finished command running.
process.exit(code);

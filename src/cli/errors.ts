/** How `rnet` reports a failure: one line on stderr, no stack trace, and an exit code. */
import { isExn } from '../exn/exn.js';

/** A mistake on the command line (unknown command or option, missing argument): exit 2. */
export class UsageError extends Error {}

/** Exit codes: expected failures (refused, unknown host, port in use, bad port) exit 1. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/**
 * Racket's multi-line message (`who: what\n  field: value…`) on one line:
 * `who: what; field: value; …`.
 */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** Prints `error` the way `rnet` reports it and returns the exit code to use. */
export function reportError(error: unknown, command: string): number {
  if (error instanceof UsageError) {
    process.stderr.write(`rnet${command ? ' ' + command : ''}: ${error.message}\n`);
    process.stderr.write(`try: rnet ${command ? command + ' ' : ''}--help\n`);
    return EXIT_USAGE;
  }
  if (isExn(error)) {
    process.stderr.write(oneLine(error.message) + '\n');
    return EXIT_FAILURE;
  }
  // Not an expected failure: a bug, so the stack is worth showing.
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`rnet: internal error: ${text}\n`);
  return EXIT_INTERNAL;
}

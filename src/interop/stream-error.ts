/** Turns an error a JavaScript stream reports into the `exn:fail` a port operation raises. */
import { type ExnFail } from '../exn/exn.js';
import { failError } from '../exn/raise.js';

export function streamError(what: string, err: unknown): ExnFail {
  const text = err instanceof Error ? err.message : String(err);
  return failError(false, what, [['stream error', text]]);
}

/**
 * Turns an error a stream reports into the `exn:fail` a port operation raises: `what` (Racket's
 * `error reading from stream port` / `error writing to stream port`), then the stream's own
 * message under `field` — `stream error` for a JavaScript stream given to a bridge, `system
 * error` for the process's own stdio, as Racket words an OS stream's failure.
 */
import { type ExnFail } from '../exn/exn.js';
import { failError } from '../exn/raise.js';

export function streamError(
  what: string,
  err: unknown,
  field: 'stream error' | 'system error' = 'stream error',
): ExnFail {
  const text = err instanceof Error ? err.message : String(err);
  return failError(false, what, [[field, text]]);
}

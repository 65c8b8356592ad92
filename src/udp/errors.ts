/**
 * The errors racket/udp raises, worded as Racket CS words them. A socket in the wrong state
 * (`udp socket is closed`, `… is not bound`, …) is a plain `ExnFailNetwork` with a
 * `socket: #<udp>` field; a failed system call is an `ExnFailNetworkErrno` ending in the
 * `system error: …; errno=N` line.
 */
import { type SystemErrno, systemErrno } from '../exn/errno.js';
import { type ExnFailNetwork, type ExnFailNetworkErrno } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { type Field, networkErrnoError, networkError } from '../exn/raise.js';

/** `who: what\n  socket: #<udp>`. */
export function socketStateError(who: string, what: string, socket: object): ExnFailNetwork {
  return networkError(who, what, [['socket', formatValue(socket)]]);
}

export const closedError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is closed', socket);

/**
 * A system call that failed: `cause` is a Node error (mapped to Racket's errno) or an errno
 * racket-net determined itself.
 */
export function systemCallError(
  who: string,
  what: string,
  fields: readonly Field[],
  cause: unknown,
): ExnFailNetworkErrno {
  return networkErrnoError(who, what, fields, isSystemErrno(cause) ? cause : systemErrno(cause));
}

function isSystemErrno(v: unknown): v is SystemErrno {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Error) &&
    typeof (v as SystemErrno).code === 'number' &&
    typeof (v as SystemErrno).text === 'string'
  );
}

/** The `address:` / `port number:` lines of a bind, connect or resolution failure. */
export function addressFields(host: string | false, port: number | false): Field[] {
  const fields: Field[] = [['address', host === false ? '<unspec>' : host]];
  if (port !== false) fields.push(['port number', String(port)]);
  return fields;
}

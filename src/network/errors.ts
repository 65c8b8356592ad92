/**
 * The errors racket/tcp and racket/udp raise, one constructor per message, worded as Racket CS
 * 8.7 words them (Racket's `racket/src/io/network/error.rkt` is its one way to raise them).
 *
 * Two kinds: a failed system call is an `ExnFailNetworkErrno` whose message ends in the
 * `system error: …; errno=N` line (its `cause` is a Node error, mapped to Racket's errno, or an
 * errno racket-net determined itself); anything else is a plain `ExnFailNetwork`, or
 * `ExnFailContract` for a bad combination of arguments. Each constructor returns the error for
 * its caller to throw.
 */
import { type Custodian, custodianShutDownError } from '../custodian/custodian.js';
import { type SystemErrno, systemErrno } from '../exn/errno.js';
import { type ExnFailContract, type ExnFailNetwork, type ExnFailNetworkErrno } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { argumentsError, type Field, networkErrnoError, networkError } from '../exn/raise.js';

/** Why a system call failed: a Node error, or an errno racket-net determined itself. */
export type SystemCause = unknown;

function isSystemErrno(v: unknown): v is SystemErrno {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Error) &&
    typeof (v as SystemErrno).code === 'number' &&
    typeof (v as SystemErrno).text === 'string'
  );
}

/** The errno Racket reports for `cause` (see `SystemCause`). */
export const errnoOf = (cause: SystemCause): SystemErrno =>
  isSystemErrno(cause) ? cause : systemErrno(cause);

/** `who: what` and `fields`, then the `system error:` line of `cause`. */
function systemCallError(
  who: string | false,
  what: string,
  fields: readonly Field[],
  cause: SystemCause,
): ExnFailNetworkErrno {
  return networkErrnoError(who, what, fields, errnoOf(cause));
}

// --- shared -----------------------------------------------------------------------------------

export { custodianShutDownError } from '../custodian/custodian.js';

/**
 * Raises `who: the current custodian has been shut down` (`ExnFail`, see
 * `custodianShutDownError`) if `custodian` has been shut down: making a listener, a connection
 * or its ports under it.
 */
export function checkCustodianRunning(who: string, custodian: Custodian): void {
  if (custodian.isShutDown) throw custodianShutDownError(who);
}

// --- TCP --------------------------------------------------------------------------------------

/** The `hostname:` and `port number:` lines of a TCP failure. */
const tcpFields = (hostname: string, port: number | false): Field[] => [
  ['hostname', hostname],
  ['port number', String(port)],
];

/** `tcp-connect: no local port number supplied when local hostname was supplied` (contract). */
export function noLocalPortError(who: string, localHostname: string): ExnFailContract {
  return argumentsError(who, 'no local port number supplied when local hostname was supplied', [
    ['hostname', formatValue(localHostname)],
  ]);
}

/** `host not found` (or `local host not found`): the name did not resolve. */
export function hostNotFoundError(
  who: string,
  hostname: string,
  port: number | false,
  cause: SystemCause,
  local = false,
): ExnFailNetworkErrno {
  const what = local ? 'local host not found' : 'host not found';
  return systemCallError(who, what, tcpFields(hostname, port), cause);
}

/** `connection failed`: every address of the host refused or failed (the last one's errno). */
export function connectionFailedError(
  who: string,
  hostname: string,
  port: number,
  cause: SystemCause,
): ExnFailNetworkErrno {
  return systemCallError(who, 'connection failed', tcpFields(hostname, port), cause);
}

/** `tcp-listen: address-resolution error`: the listen host did not resolve. */
export function addressResolutionError(
  who: string,
  hostname: string,
  port: number,
  cause: SystemCause,
): ExnFailNetworkErrno {
  return systemCallError(who, 'address-resolution error', tcpFields(hostname, port), cause);
}

/** `tcp-listen: listen failed` (no `hostname:` line when listening on all addresses). */
export function listenFailedError(
  who: string,
  hostname: string | false,
  port: number,
  cause: SystemCause,
): ExnFailNetworkErrno {
  const fields: Field[] =
    hostname === false ? [['port number', String(port)]] : tcpFields(hostname, port);
  return systemCallError(who, 'listen failed', fields, cause);
}

/** `listener is closed` (`ExnFailNetwork`, as Racket's reference says; 8.7: a contract error). */
export function listenerClosedError(who: string): ExnFailNetwork {
  return networkError(who, 'listener is closed', [['listener', '#<tcp-listener>']]);
}

/** `tcp-addresses: port is closed`. */
export function portClosedError(who: string, port: unknown): ExnFailNetwork {
  return networkError(who, 'port is closed', [['port', formatValue(port)]]);
}

/** `tcp-addresses: could not get peer address` (reset, or closed both ways). */
export function peerAddressError(who: string, cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(who, 'could not get peer address', [], cause);
}

/** `error reading from stream port` (no `who`, as Racket's): raised by a read after a reset. */
export function streamReadError(cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(false, 'error reading from stream port', [], cause);
}

/** `error writing to stream port` (no `who`, as Racket's). */
export function streamWriteError(cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(false, 'error writing to stream port', [], cause);
}

// --- UDP --------------------------------------------------------------------------------------

/** The `address:` / `port number:` lines of a UDP bind, connect or resolution failure. */
const udpFields = (host: string | false, port: number | false): Field[] => {
  const fields: Field[] = [['address', host === false ? '<unspec>' : host]];
  if (port !== false) fields.push(['port number', String(port)]);
  return fields;
};

/** A socket in the wrong state: `who: what\n  socket: #<udp>` (`ExnFailNetwork`). */
const socketStateError = (who: string, what: string, socket: object): ExnFailNetwork =>
  networkError(who, what, [['socket', formatValue(socket)]]);

/** `udp socket is closed`. */
export const udpClosedError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is closed', socket);

/** `udp-close: udp socket was already closed`. */
export const udpAlreadyClosedError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket was already closed', socket);

/** `udp socket is not bound` (a receive). */
export const udpNotBoundError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is not bound', socket);

/** `udp socket is already bound` (`ExnFailNetwork`, as Racket's reference says). */
export const udpAlreadyBoundError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is already bound', socket);

/** `udp socket is not connected` (a send to the peer). */
export const udpNotConnectedError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is not connected', socket);

/** `udp socket is connected` (a send to a host and port). */
export const udpConnectedError = (who: string, socket: object): ExnFailNetwork =>
  socketStateError(who, 'udp socket is connected', socket);

/** `udp-connect!: last second and third arguments must be both #f or both non-#f` (contract). */
export function bothOrNeitherError(who: string, host: unknown, port: unknown): ExnFailContract {
  return argumentsError(who, 'last second and third arguments must be both #f or both non-#f', [
    ['second argument', formatValue(host)],
    ['third argument', formatValue(port)],
  ]);
}

/**
 * `can't resolve address` (`which`: `""`, `"multicast "` or `"interface "`), with an
 * `address:` line and, when `port` is not `false`, a `port number:` line.
 */
export function cantResolveError(
  who: string,
  host: string,
  port: number | false,
  cause: SystemCause,
  which = '',
): ExnFailNetworkErrno {
  return systemCallError(who, `can't resolve ${which}address`, udpFields(host, port), cause);
}

/** `udp-bind!: can't bind` (`can't bind as reusable` with `reuse`). */
export function cantBindError(
  who: string,
  reuse: boolean,
  host: string | false,
  port: number,
  cause: SystemCause,
): ExnFailNetworkErrno {
  const what = reuse ? "can't bind as reusable" : "can't bind";
  return systemCallError(who, what, udpFields(host, port), cause);
}

/** `udp-connect!: can't connect`. */
export function cantConnectError(
  who: string,
  host: string,
  port: number,
  cause: SystemCause,
): ExnFailNetworkErrno {
  return systemCallError(who, "can't connect", udpFields(host, port), cause);
}

/** `udp-connect!: can't disconnect`. */
export function cantDisconnectError(who: string, cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(who, "can't disconnect", [], cause);
}

/** `send failed`. */
export function sendFailedError(who: string, cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(who, 'send failed', [], cause);
}

/** `setsockopt failed` (the option setters, multicast joins and leaves). */
export function setsockoptFailedError(who: string, cause: SystemCause): ExnFailNetworkErrno {
  return systemCallError(who, 'setsockopt failed', [], cause);
}

/** `udp-set-receive-buffer-size!: given size is too large` (beyond a fixnum). */
export function sizeTooLargeError(who: string, size: number | bigint): ExnFailNetwork {
  return networkError(who, 'given size is too large', [['given size', BigInt(size).toString()]]);
}

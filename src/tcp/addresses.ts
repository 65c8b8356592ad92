/**
 * `tcpAddresses`: the numeric local and remote addresses (and ports) of a TCP port or listener.
 */
import { posixErrno } from '../exn/errno.js';
import { contractError } from '../exn/raise.js';
import { peerAddressError, portClosedError } from '../network/errors.js';
import { isTcpListener } from './listener.js';
import { tcpConnectionOf } from './tcp-ports.js';
import { type SocketAddresses } from './tcp-socket.js';

/**
 * `tcp-addresses`: the numeric local and remote addresses of a TCP port or listener,
 * `[local, remote]`, or with `portNumbers` `[local, localPort, remote, remotePort]`. A listener
 * reports its own address and `"0.0.0.0"`, 0 for the remote side. Raises `ExnFailContract` for
 * anything else, `ExnFailNetwork` for a closed port or listener, and `ExnFailNetworkErrno`
 * (`could not get peer address`) once the connection has been reset.
 *
 * @throws {@link ExnFailContract} if `portOrListener` is neither a TCP port nor a listener.
 * @throws {@link ExnFailNetwork} if the port or listener is closed.
 * @throws {@link ExnFailNetworkErrno} "could not get peer address" once the connection has
 *   been reset or closed both ways.
 */
export function tcpAddresses(portOrListener: unknown, portNumbers?: false | null): [string, string];
/**
 * `(tcp-addresses port #t)`: `[localAddress, localPort, remoteAddress, remotePort]` of a TCP
 * port, or of a listener (its own address and port, then `"0.0.0.0"` and 0). The usual way to
 * learn the port a listener on port 0 got.
 *
 * @throws as the other form does.
 * @example
 * ```ts
 * const [host, port] = tcpAddresses(listener, true);
 * ```
 */
export function tcpAddresses(
  portOrListener: unknown,
  portNumbers: true,
): [string, number, string, number];
/**
 * `tcp-addresses` with `portNumbers` known only at run time: the short form when it is
 * `false`, the long one otherwise.
 *
 * @throws as the other forms do.
 */
export function tcpAddresses(
  portOrListener: unknown,
  portNumbers: unknown,
): [string, string] | [string, number, string, number];
export function tcpAddresses(
  portOrListener: unknown,
  portNumbers: unknown = false,
): [string, string] | [string, number, string, number] {
  const who = 'tcp-addresses';
  if (isTcpListener(portOrListener)) {
    portOrListener.checkOpen(who);
    // On all addresses a listener reports "0.0.0.0", as Racket's reference says (8.7: "::");
    // otherwise the address of its first server, as rktio reports socket 0's.
    const bound = portOrListener.servers[0]?.address();
    const port = bound !== null && typeof bound === 'object' ? bound.port : 0;
    const host =
      portOrListener.hostname === false || bound == null || typeof bound !== 'object'
        ? '0.0.0.0'
        : bound.address;
    return addressesForm([host, port, '0.0.0.0', 0], portNumbers);
  }
  const connection = tcpConnectionOf(portOrListener);
  if (connection === undefined) {
    throw contractError(who, '(or/c tcp-port? tcp-listener?)', portOrListener);
  }
  const port = portOrListener as typeof connection.input | typeof connection.output;
  if (port.isClosed) throw portClosedError(who, port);
  return connectionAddresses(connection.addresses, portNumbers);
}

/**
 * A connection's addresses as `tcp-addresses` reports them (the worker of `tcpAddresses` and
 * `sslAddresses`), raising a reset peer's error as Racket does.
 */
export function connectionAddresses(
  a: SocketAddresses,
  portNumbers: unknown,
): [string, string] | [string, number, string, number] {
  if (a.peerError !== undefined) {
    throw peerAddressError('tcp-addresses', posixErrno(a.peerError));
  }
  return addressesForm([a.localAddress, a.localPort, a.remoteAddress, a.remotePort], portNumbers);
}

/** The short form `[local, remote]` unless `portNumbers`. */
function addressesForm(
  result: [string, number, string, number],
  portNumbers: unknown,
): [string, string] | [string, number, string, number] {
  // Racket treats any value but #f as true; `null`/`undefined` stand for #f here.
  return portNumbers === false || portNumbers == null ? [result[0], result[2]] : result;
}

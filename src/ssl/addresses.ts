/** `sslAddresses` and `sslAbandonPort`. */
import { check, contractError, failError } from '../exn/raise.js';
import { portClosedError } from '../network/errors.js';
import { InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { connectionAddresses, tcpAddresses } from '../tcp/addresses.js';
import { isSslListener } from './listener.js';
import { isSslPort, sslConnectionOf } from './ssl-ports.js';

/**
 * The numeric local and remote addresses of an SSL port or listener (Racket: `ssl-addresses`,
 * which is `tcp-addresses` on the TCP port or listener underneath): `[local, remote]`, or with
 * `portNumbers` `[local, localPort, remote, remotePort]`.
 *
 * @throws {@link ExnFailContract} if `portOrListener` is neither an SSL port nor a listener.
 * @throws {@link ExnFail} `ssl-addresses: not connected to TCP port` for SSL ports made by
 *   `portsToSslPorts` over other ports.
 * @throws {@link ExnFailNetwork} as `tcpAddresses` (a closed port or listener).
 * @example
 * ```ts
 * const [, port] = sslAddresses(listener, true);
 * ```
 */
export function sslAddresses(portOrListener: unknown, portNumbers?: false | null): [string, string];
/**
 * `(ssl-addresses p #t)`: `[localAddress, localPort, remoteAddress, remotePort]`; the usual way
 * to learn the port a listener on port 0 got.
 *
 * @throws as the other form does.
 */
export function sslAddresses(
  portOrListener: unknown,
  portNumbers: true,
): [string, number, string, number];
/**
 * `ssl-addresses` with `portNumbers` known only at run time.
 *
 * @throws as the other forms do.
 */
export function sslAddresses(
  portOrListener: unknown,
  portNumbers: unknown,
): [string, string] | [string, number, string, number];
export function sslAddresses(
  portOrListener: unknown,
  portNumbers: unknown = false,
): [string, string] | [string, number, string, number] {
  const who = 'ssl-addresses';
  if (isSslListener(portOrListener)) return tcpAddresses(portOrListener.tcp, portNumbers);
  const connection = sslConnectionOf(portOrListener);
  if (connection === undefined) {
    throw contractError(who, '(or/c ssl-listener? ssl-port?)', portOrListener);
  }
  if (!connection.info.tcp) throw failError(who, 'not connected to TCP port');
  // The TCP ports underneath close once both SSL ports are closed.
  if (connection.finished) throw portClosedError('tcp-addresses', portOrListener);
  return connectionAddresses(connection.addresses, portNumbers);
}

/**
 * Closes an SSL port without the TLS shutdown (Racket: `ssl-abandon-port`): an output port is
 * flushed and closed, sending no close_notify even if the ports were made with
 * `shutdownOnClose`; an input port is simply closed.
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export async function sslAbandonPort(port: InputPort | OutputPort): Promise<void> {
  check('ssl-abandon-port', isSslPort, 'ssl-port?', port);
  if (port instanceof InputPort) {
    port.close();
    return;
  }
  sslConnectionOf(port)!.info.shutdownOnClose = false;
  await port.close();
}

/** `udpAddresses`: the socket's local and peer addresses, as numeric strings. */
import { checkUdp, type Udp } from './socket.js';

/**
 * `udp-addresses`: `[local, peer]`, or with `portNumbers` `[local, localPort, peer, peerPort]`.
 * An unbound socket reports its family's any-address and port 0 (`"0.0.0.0"`, or `"::"` for an
 * IPv6 socket, as getsockname does); an unconnected one the peer `"0.0.0.0"` and 0.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function udpAddresses(socket: Udp, portNumbers?: false | null): [string, string];
/**
 * `(udp-addresses socket #t)`: `[localAddress, localPort, peerAddress, peerPort]`; the way to
 * learn the port a socket bound to port 0 got.
 *
 * @throws as the other form does.
 */
export function udpAddresses(socket: Udp, portNumbers: true): [string, number, string, number];
/**
 * `udp-addresses` with `portNumbers` known only at run time.
 *
 * @throws as the other forms do.
 */
export function udpAddresses(
  socket: Udp,
  portNumbers: unknown,
): [string, string] | [string, number, string, number];
export function udpAddresses(
  socket: Udp,
  portNumbers: unknown = false,
): [string, string] | [string, number, string, number] {
  const who = 'udp-addresses';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  const local = sock.localEndpoint();
  const peer = sock.peerEndpoint();
  return portNumbers
    ? [local.address, local.port, peer.address, peer.port]
    : [local.address, peer.address];
}

/**
 * The multicast procedures (Racket 6.x additions): group membership, the sending interface,
 * loopback and TTL, for IPv4 groups. Synchronous, like Racket's: host names are resolved at once
 * (numeric addresses, the hosts file, `localhost`; see `resolveIPv4Now`). Before the socket
 * binds, values are kept and memberships answered as the kernel would (see `MembershipList`),
 * and applied when it binds; after, each call goes to the system socket directly.
 */
import { posixErrno } from '../exn/errno.js';
import { check, isByte, isString, isStringOrFalse, orFalse } from '../exn/raise.js';
import { cantResolveError, setsockoptFailedError } from '../network/errors.js';
import { resolveIPv4Now } from '../network/resolve.js';
import { ANY_INTERFACE, interfaceOwning, type MembershipFailure } from './memberships.js';
import { setOption } from './options.js';
import { checkUdp, type Udp } from './socket.js';

/** `host`'s IPv4 address, at once; `which` words a failure (`"multicast "`, `"interface "`). */
const resolveNow = (who: string, host: string, which = ''): string =>
  resolveIPv4Now(host, (errno) => cantResolveError(who, host, false, errno, which));

/**
 * `udp-multicast-join-group!`: joins the group `multicastAddr` on the interface whose address is
 * `hostname` (`false`: any). Both names are resolved at once, without DNS (numeric addresses,
 * `/etc/hosts`, `localhost`).
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if a name does not resolve, or
 *   "setsockopt failed" (e.g. errno 98: already joined there).
 */
export function udpMulticastJoinGroup(
  socket: Udp,
  multicastAddr: string,
  hostname: string | false | null,
): void {
  changeGroup('udp-multicast-join-group!', true, socket, multicastAddr, hostname);
}

/**
 * `udp-multicast-leave-group!`: leaves a group joined with the same address and interface.
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if a name does not resolve, or
 *   "setsockopt failed" (e.g. errno 99: not joined there).
 */
export function udpMulticastLeaveGroup(
  socket: Udp,
  multicastAddr: string,
  hostname: string | false | null,
): void {
  changeGroup('udp-multicast-leave-group!', false, socket, multicastAddr, hostname);
}

function changeGroup(
  who: string,
  join: boolean,
  socket: unknown,
  multicastAddr: unknown,
  hostname: unknown,
): void {
  const sock = checkUdp(who, socket);
  const groupName = check(who, isString, 'string?', multicastAddr);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  const group = resolveNow(who, groupName, 'multicast ');
  const interfaceAddress = host === false ? ANY_INTERFACE : resolveNow(who, host, 'interface ');
  sock.checkOpen(who);
  const node = sock.systemSocket;
  if (node !== null) {
    const iface = interfaceAddress === ANY_INTERFACE ? undefined : interfaceAddress;
    setOption(who, () =>
      join ? node.addMembership(group, iface) : node.dropMembership(group, iface),
    );
    return;
  }
  const memberships = sock.options.memberships;
  const failure: MembershipFailure | null = join
    ? memberships.join(group, interfaceAddress)
    : memberships.leave(group, interfaceAddress);
  if (failure !== null) throw setsockoptFailedError(who, posixErrno(failure));
}

/**
 * `udp-multicast-interface`: the address of the interface multicast is sent from; `"0.0.0.0"`:
 * any.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function udpMulticastInterface(socket: Udp): string {
  const who = 'udp-multicast-interface';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  return sock.options.multicastInterface ?? ANY_INTERFACE;
}

/**
 * `udp-multicast-set-interface!`: the interface multicast is sent from; `hostname` must be a
 * local IPv4 address (or `false`: any).
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "setsockopt failed" if the system refuses the value.
 */
export function udpMulticastSetInterface(socket: Udp, hostname: string | false | null): void {
  const who = 'udp-multicast-set-interface!';
  const sock = checkUdp(who, socket);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  const address = host === false ? ANY_INTERFACE : resolveNow(who, host);
  sock.checkOpen(who);
  const node = sock.systemSocket;
  if (node !== null) setOption(who, () => node.setMulticastInterface(address));
  else if (address !== ANY_INTERFACE && interfaceOwning(address) === null) {
    throw setsockoptFailedError(who, posixErrno('EADDRNOTAVAIL'));
  }
  sock.options.multicastInterface = address;
}

/**
 * `udp-multicast-loopback?`: whether the socket receives its own multicast datagrams.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function isUdpMulticastLoopback(socket: Udp): boolean {
  const who = 'udp-multicast-loopback?';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  return sock.options.multicastLoopback ?? true;
}

/**
 * `udp-multicast-set-loopback!`: whether the socket receives its own multicast datagrams; any
 * true value turns it on.
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "setsockopt failed" if the system refuses the value.
 */
export function udpMulticastSetLoopback(socket: Udp, loopback: unknown): void {
  const who = 'udp-multicast-set-loopback!';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  const on = Boolean(loopback);
  const node = sock.systemSocket;
  if (node !== null) setOption(who, () => node.setMulticastLoopback(on));
  sock.options.multicastLoopback = on;
}

/**
 * `udp-multicast-ttl`: the TTL of multicast datagrams (1 by default).
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function udpMulticastTtl(socket: Udp): number {
  const who = 'udp-multicast-ttl';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  return sock.options.multicastTtl ?? 1;
}

/**
 * `udp-multicast-set-ttl!`: the TTL of multicast datagrams, a byte; keep it at 1 (0: this host
 * only).
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "setsockopt failed" if the system refuses the value.
 */
export function udpMulticastSetTtl(socket: Udp, ttl: number): void {
  const who = 'udp-multicast-set-ttl!';
  const sock = checkUdp(who, socket);
  check(who, isByte, 'byte?', ttl);
  sock.checkOpen(who);
  const node = sock.systemSocket;
  if (node !== null) setOption(who, () => node.setMulticastTTL(ttl));
  sock.options.multicastTtl = ttl;
}

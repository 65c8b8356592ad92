/**
 * A socket's life: `udpOpenSocket`, `udpBind`, `udpConnect`, `udpClose` and the predicates.
 *
 * The asynchronous ones take their turn on the socket (see `OperationOrder`), resolve the host
 * (a `sync`, so breaks and kills end it) and then change the socket in one synchronous step,
 * checking its state (closed, already bound) after the lookup, as Racket does.
 */
import { networkInterfaces } from 'node:os';
import { currentCustodian } from '../custodian/custodian.js';
import { posixErrno } from '../exn/errno.js';
import { formatValue } from '../exn/print.js';
import { argumentsError, check, isStringOrFalse, orFalse } from '../exn/raise.js';
import { checkUdp, isListenPortNumber, isPortNumber } from './checks.js';
import { addressFields, socketStateError, systemCallError } from './errors.js';
import { type Turn } from './order.js';
import {
  bindableAddress,
  type Family,
  LookupEvt,
  reachableAddress,
  type ResolvedAddress,
  wildcardAddress,
} from './resolve.js';
import { Udp } from './socket.js';
import { blockOn, exitIfKilled } from './wait.js';

const isPortNumberOrFalse = (v: unknown): v is number | false => v === false || isPortNumber(v);

/**
 * `udp-open-socket`: a new, unbound, unconnected socket, IPv4 unless `familyHostname` /
 * `familyPort` say otherwise (the family of the host's first address). Placed in the current
 * custodian.
 */
export async function udpOpenSocket(
  familyHostname: string | false | null = false,
  familyPort: number | false | null = false,
): Promise<Udp> {
  const who = 'udp-open-socket';
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(familyHostname));
  const port = check(who, isPortNumberOrFalse, '(or/c port-number? #f)', orFalse(familyPort));
  const custodian = currentCustodian();
  let family: Family = 4;
  if (host !== false) {
    const addresses = await blockOn(who, new LookupEvt(who, host, port), false);
    family = addresses[0]!.family;
  } else if (port !== false) {
    // getaddrinfo with no host answers the loopback addresses, IPv6 first where there is one.
    family = hasIPv6Loopback() ? 6 : 4;
  }
  return new Udp(family, custodian, who);
}

function hasIPv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((a) => a.family === 'IPv6' && a.internal),
  );
}

/** Looks `host` up while holding `turn` (given up if the wait is broken or killed). */
async function lookUpInTurn(
  who: string,
  turn: Turn,
  host: string,
  port: number,
): Promise<readonly ResolvedAddress[]> {
  await turn.ready;
  exitIfKilled();
  // Numeric addresses are answered at once: no wait, so no chance to be overtaken.
  const lookup = new LookupEvt(who, host, port);
  const addresses = lookup.isSettled
    ? (lookup.poll() as readonly ResolvedAddress[])
    : await blockOn(who, lookup, false, turn.finish);
  exitIfKilled();
  return addresses;
}

/**
 * `udp-bind!`: binds to `hostname` (all addresses when `false`) and `port` (0: ephemeral).
 * `reuse` sets `SO_REUSEADDR` first. A socket is bound once: binding again raises
 * `ExnFailNetwork` (the seed's kind; Racket 8.7 raises a contract error).
 */
export async function udpBind(
  socket: Udp,
  hostname: string | false | null,
  port: number,
  reuse: unknown = false,
): Promise<void> {
  const who = 'udp-bind!';
  const sock = checkUdp(who, socket);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  const portNumber = check(who, isListenPortNumber, 'listen-port-number?', port);
  const reusable = Boolean(reuse);
  const turn = sock.order.enter();
  try {
    let address: string | null;
    if (host === false) {
      await turn.ready;
      exitIfKilled();
      address = wildcardAddress(sock.family);
    } else {
      address = bindableAddress(await lookUpInTurn(who, turn, host, portNumber), sock.family);
    }
    sock.checkOpen(who);
    if (sock.bound) throw socketStateError(who, 'udp socket is already bound', sock);
    const what = reusable ? "can't bind as reusable" : "can't bind";
    const fields = addressFields(host, portNumber);
    // Connected before: the system bound it then (Racket's flag stays unset), so bind(2) fails.
    if (sock.hasSystemSocket) throw systemCallError(who, what, fields, posixErrno('EINVAL'));
    if (address === null) throw systemCallError(who, what, fields, posixErrno('EAFNOSUPPORT'));
    const failure = sock.bindSystemSocket(address, portNumber, reusable);
    if (failure !== null) throw systemCallError(who, what, fields, failure);
    sock.bound = true;
  } finally {
    turn.finish();
  }
}

/**
 * `udp-connect!`: sends then go to `hostname`:`port` only, and only datagrams from there are
 * received; `udpConnect(s, false, false)` disconnects. Exactly one of the two `false` is a
 * contract error.
 */
export async function udpConnect(
  socket: Udp,
  hostname: string | false | null,
  port: number | false | null,
): Promise<void> {
  const who = 'udp-connect!';
  const sock = checkUdp(who, socket);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  const portNumber = check(who, isPortNumberOrFalse, '(or/c port-number? #f)', orFalse(port));
  if ((host === false) !== (portNumber === false)) {
    throw argumentsError(who, 'last second and third arguments must be both #f or both non-#f', [
      ['second argument', formatValue(host)],
      ['third argument', formatValue(portNumber)],
    ]);
  }
  const turn = sock.order.enter();
  try {
    if (host === false || portNumber === false) {
      await turn.ready;
      exitIfKilled();
      sock.checkOpen(who);
      if (sock.connected) disconnect(who, sock);
      return;
    }
    const addresses = await lookUpInTurn(who, turn, host, portNumber);
    sock.checkOpen(who);
    const fields = addressFields(host, portNumber);
    const peer = reachableAddress(addresses, sock.family);
    if (peer === null)
      throw systemCallError(who, "can't connect", fields, posixErrno('EAFNOSUPPORT'));
    sock.bindImplicitly(who, "can't connect", fields);
    if (sock.connected) disconnect(who, sock);
    const failure = await sock.connectSystemSocket({ address: peer.address, port: portNumber });
    exitIfKilled();
    if (failure !== null) throw systemCallError(who, "can't connect", fields, failure);
    sock.connected = true;
    sock.peerFamily = peer.family;
    // A refusal reported for the previous peer is not this peer's.
    sock.deferredError = null;
  } finally {
    turn.finish();
  }
}

function disconnect(who: string, sock: Udp): void {
  try {
    sock.disconnectSystemSocket();
  } catch (error) {
    throw systemCallError(who, "can't disconnect", [], error);
  }
  sock.connected = false;
  sock.deferredError = null;
}

/** `udp-close`: closes the socket, discarding unreceived datagrams; a second close raises. */
export function udpClose(socket: Udp): void {
  const who = 'udp-close';
  const sock = checkUdp(who, socket);
  if (sock.isClosed) throw socketStateError(who, 'udp socket was already closed', sock);
  sock.close();
}

export { isUdp } from './socket.js';

/** `udp-bound?`: bound by `udpBind` or by a send (still answers after a close). */
export function isUdpBound(socket: Udp): boolean {
  return checkUdp('udp-bound?', socket).bound;
}

/** `udp-connected?` (still answers after a close). */
export function isUdpConnected(socket: Udp): boolean {
  return checkUdp('udp-connected?', socket).connected;
}

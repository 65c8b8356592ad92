/**
 * A socket's life: `udpOpenSocket`, `udpBind`, `udpConnect`, `udpClose` and the predicates.
 *
 * The asynchronous ones take their turn on the socket (see `OperationQueue`), resolve the host
 * (a `sync`, so breaks and kills end it) and then change the socket in one synchronous step,
 * checking its state (closed, already bound) after the lookup, as Racket does. A connect then
 * waits for Node's report of it, a `sync` too (see `ConnectReport`).
 */
import { networkInterfaces } from 'node:os';
import { exitIfKilled } from '../context/context.js';
import { currentCustodian } from '../custodian/custodian.js';
import { type Turn } from '../evt/ordered-ops.js';
import { syncPrimitive } from '../evt/sync.js';
import { posixErrno } from '../exn/errno.js';
import { check, isStringOrFalse, orFalse } from '../exn/raise.js';
import {
  bothOrNeitherError,
  cantBindError,
  cantConnectError,
  cantDisconnectError,
  cantResolveError,
  udpAlreadyBoundError,
  udpAlreadyClosedError,
} from '../network/errors.js';
import { type Outcome, OutcomeEvt } from '../network/outcome-evt.js';
import { checkListenPortNumber, checkPortNumberOrFalse } from '../network/port-number.js';
import { awaitLookup, lookupHost, resolveHost, type ResolvedAddress } from '../network/resolve.js';
import { bindableAddress, type Family, reachableAddress, wildcardAddress } from './family.js';
import { checkUdp, type ConnectCompletion, Udp } from './socket.js';

/**
 * `udp-open-socket`: a new, unbound, unconnected socket, IPv4 unless `familyHostname` /
 * `familyPort` say otherwise (the family of the host's first address). Placed in the current
 * custodian.
 *
 * @throws {@link ExnFailContract} if `familyHostname` is not a string or `false`, or
 *   `familyPort` not a port number or `false`.
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if `familyHostname` does not
 *   resolve.
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @example
 * ```ts
 * const socket = await udpOpenSocket();
 * await udpBind(socket, '127.0.0.1', 0);
 * const [, port] = udpAddresses(socket, true);
 * const buffer = new Uint8Array(1500);
 * const [n, host, from] = await udpReceive(socket, buffer); // one datagram
 * await udpSendTo(socket, host, from, buffer, 0, n); // sent back
 * udpClose(socket);
 * ```
 */
export async function udpOpenSocket(
  familyHostname: string | false | null = false,
  familyPort: number | false | null = false,
): Promise<Udp> {
  const who = 'udp-open-socket';
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(familyHostname));
  const port = checkPortNumberOrFalse(who, orFalse(familyPort));
  const custodian = currentCustodian();
  let family: Family = 4;
  if (host !== false) {
    const addresses = await resolveHost(false, host, (errno) =>
      cantResolveError(who, host, port, errno),
    );
    exitIfKilled();
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

/**
 * Waits for `turn`, then looks `host` up while holding it (a kill meanwhile gives it up, see
 * `Turn`). Both waits are `sync`s.
 */
async function lookUpInTurn(
  who: string,
  turn: Turn,
  host: string,
  port: number,
): Promise<readonly ResolvedAddress[]> {
  await turn.wait(false);
  exitIfKilled();
  const addresses = await awaitLookup(lookupHost(host), false, (errno) =>
    cantResolveError(who, host, port, errno),
  );
  exitIfKilled();
  return addresses;
}

/**
 * `udp-bind!`: binds to `hostname` (all addresses when `false`) and `port` (0: ephemeral).
 * `reuse` sets `SO_REUSEADDR` first. A socket is bound once: binding again raises
 * `ExnFailNetwork` (the kind Racket's reference gives; Racket 8.7 raises a contract error).
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 0–65535).
 * @throws {@link ExnFailNetwork} if the socket is closed or already bound.
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if `hostname` does not resolve,
 *   or "can't bind" (e.g. errno 98, the address is in use; 22 after a connect).
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
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
  const portNumber = checkListenPortNumber(who, port);
  const reusable = Boolean(reuse);
  const turn = sock.order.enter();
  try {
    let address: string | null;
    if (host === false) {
      await turn.wait(false);
      exitIfKilled();
      address = wildcardAddress(sock.family);
    } else {
      address = bindableAddress(await lookUpInTurn(who, turn, host, portNumber), sock.family);
    }
    sock.checkOpen(who);
    if (sock.bound) throw udpAlreadyBoundError(who, sock);
    const bindError = (cause: unknown): Error =>
      cantBindError(who, reusable, host, portNumber, cause);
    // Connected before: the system bound it then (Racket's flag stays unset), so bind(2) fails.
    if (sock.hasSystemSocket) throw bindError(posixErrno('EINVAL'));
    if (address === null) throw bindError(posixErrno('EAFNOSUPPORT'));
    const failure = sock.bindSystemSocket(address, portNumber, reusable);
    if (failure !== null) throw bindError(failure);
    sock.bound = true;
  } finally {
    turn.finish();
  }
}

/**
 * `udp-connect!`: sends then go to `hostname`:`port` only, and only datagrams from there are
 * received; `udpConnect(s, false, false)` disconnects. Exactly one of the two `false` is a
 * contract error. Binds the socket to an ephemeral port first if it is not bound.
 *
 * @throws {@link ExnFailContract} if an argument is bad, or only one of `hostname` and `port`
 *   is `false`.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if `hostname` does not resolve,
 *   or "can't connect".
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export async function udpConnect(
  socket: Udp,
  hostname: string | false | null,
  port: number | false | null,
): Promise<void> {
  const who = 'udp-connect!';
  const sock = checkUdp(who, socket);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  const portNumber = checkPortNumberOrFalse(who, orFalse(port));
  if ((host === false) !== (portNumber === false)) throw bothOrNeitherError(who, host, portNumber);
  const turn = sock.order.enter();
  try {
    if (host === false || portNumber === false) {
      await turn.wait(false);
      exitIfKilled();
      sock.checkOpen(who);
      if (sock.connected) disconnect(who, sock);
      return;
    }
    const addresses = await lookUpInTurn(who, turn, host, portNumber);
    sock.checkOpen(who);
    const peer = reachableAddress(addresses, sock.family);
    if (peer === null) throw cantConnectError(who, host, portNumber, posixErrno('EAFNOSUPPORT'));
    const bindFailure = sock.bindImplicitly();
    if (bindFailure !== null) throw cantConnectError(who, host, portNumber, bindFailure);
    if (sock.connected) disconnect(who, sock);
    const report = new ConnectReport(sock, peer.family);
    sock.connectSystemSocket({ address: peer.address, port: portNumber }, report);
    const outcome = await syncPrimitive(false, report);
    exitIfKilled();
    if (!outcome.ok) throw cantConnectError(who, host, portNumber, outcome.error);
  } finally {
    turn.finish();
  }
}

const CONNECTED: Outcome<undefined> = { ok: true, value: undefined };

/**
 * Node's report of a connect, as an event: waiting for it is a `sync`, which a break (if breaks
 * are enabled) or a kill ends. The system has connected (or failed) by the time Node reports,
 * so the report takes effect on the socket whoever still waits: a connect whose wait was broken
 * or killed stands, as if the break had come just after it.
 */
class ConnectReport extends OutcomeEvt<undefined> implements ConnectCompletion {
  constructor(
    readonly socket: Udp,
    /** The family datagrams to the peer travel in. */
    readonly peerFamily: Family,
  ) {
    super();
  }

  connectDone(failure: unknown): void {
    if (failure !== null) {
      this.settleNow({ ok: false, error: failure });
      return;
    }
    const socket = this.socket;
    socket.connected = true;
    socket.peerFamily = this.peerFamily;
    // A refusal reported for the previous peer is not this peer's.
    socket.deferredError = null;
    this.settleNow(CONNECTED);
  }
}

function disconnect(who: string, sock: Udp): void {
  try {
    sock.disconnectSystemSocket();
  } catch (error) {
    throw cantDisconnectError(who, error);
  }
  sock.connected = false;
  sock.deferredError = null;
}

/**
 * `udp-close`: closes the socket, discarding unreceived datagrams; threads waiting to receive
 * or send on it wake up and raise. A second close raises.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is already closed.
 */
export function udpClose(socket: Udp): void {
  const who = 'udp-close';
  const sock = checkUdp(who, socket);
  if (sock.isClosed) throw udpAlreadyClosedError(who, sock);
  sock.close();
}

export { isUdp } from './socket.js';

/**
 * `udp-bound?`: bound by `udpBind` or by a send (still answers after a close).
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 */
export function isUdpBound(socket: Udp): boolean {
  return checkUdp('udp-bound?', socket).bound;
}

/**
 * Whether the socket is connected with {@link udpConnect} (Racket: `udp-connected?`); still
 * answers after a close.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 */
export function isUdpConnected(socket: Udp): boolean {
  return checkUdp('udp-connected?', socket).connected;
}

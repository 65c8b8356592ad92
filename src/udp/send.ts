/**
 * Sending: `udpSendTo`, `udpSend`, their `Nowait` and `EnableBreak` forms, the send events and
 * `udpSendReadyEvt`.
 *
 * "Would block" means the system's send queue for the socket is not empty (Node hides
 * `EAGAIN`; `getSendQueueCount()` counts the datagrams libuv holds because the kernel could not
 * take them yet), or an operation called earlier on the socket has not taken effect yet.
 * A blocking send waits until the datagram can be handed over, then until the system reports
 * the send done, and raises what it reports. A zero-length send sends one empty datagram.
 */
import { beginWait, currentFrame, exitIfKilled } from '../context/context.js';
import { type Evt } from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { asPromise, check, isString } from '../exn/raise.js';
import { bytesAsNow, checkByteRange } from '../network/bytes.js';
import { cantResolveError } from '../network/errors.js';
import { checkPortNumber } from '../network/port-number.js';
import { awaitLookup, type LookupEvt, lookupHost } from '../network/resolve.js';
import {
  type Destination,
  OwnSendEvt,
  type Payload,
  SendEvt,
  SendReadyEvt,
  SendReport,
  trySend,
} from './send-evts.js';
import { checkUdp, type Udp } from './socket.js';

/** A send's checked arguments. */
interface SendArgs {
  readonly socket: Udp;
  /** `null`: to the connected peer. */
  readonly host: string | null;
  readonly port: number;
  readonly payload: Payload;
}

/** Racket's argument order: socket, host, port, then the bytes and their range. */
function checkSendTo(
  who: string,
  socket: unknown,
  host: unknown,
  port: unknown,
  bstr: unknown,
  start: unknown,
  end: unknown,
): SendArgs {
  const sock = checkUdp(who, socket);
  const hostname = check(who, isString, 'string?', host);
  const portNumber = checkPortNumber(who, port);
  const payload = checkByteRange(who, bstr, start, end);
  return { socket: sock, host: hostname, port: portNumber, payload };
}

function checkSend(
  who: string,
  socket: unknown,
  bstr: unknown,
  start: unknown,
  end: unknown,
): SendArgs {
  const sock = checkUdp(who, socket);
  const payload = checkByteRange(who, bstr, start, end);
  return { socket: sock, host: null, port: 0, payload };
}

/**
 * A blocking send. When no earlier operation on the socket is pending and the destination needs
 * no lookup (the peer, or an IP literal), the send is tried at once, as Racket's `udp-send-to`
 * does: no turn, no `sync` until the datagram is handed over. Otherwise it waits in turn.
 * Either way it then waits for Node's report of the send (see `SendReport`).
 */
function sendAndWait(who: string, enableBreak: boolean, args: SendArgs): Promise<void> {
  const { socket } = args;
  const lookup = args.host === null ? null : lookupHost(args.host);
  const report = new SendReport(who, socket);
  if ((lookup !== null && !lookup.isSettled) || socket.order.busy) {
    return sendInTurn(who, enableBreak, args, lookup, report);
  }
  // What a `sync` does before its first poll: a killed thread stops, a pending break is raised.
  const frame = currentFrame();
  if (frame.thread.dead) exitIfKilled();
  beginWait(frame, enableBreak);
  const destination = lookup === null ? null : { lookup, port: args.port };
  if (trySend(who, socket, destination, args.payload, false, report)) return report.wait();
  return sendInTurn(who, enableBreak, args, lookup, report);
}

/**
 * Takes the socket's turn, waits for the host's `lookup` (`null`: to the peer), waits until the
 * datagram can be handed over (the turn is kept meanwhile, so later sends stay behind), then
 * waits for the system's report. The bytes are copied at the call: the datagram is what `bstr`
 * held then. Each wait is a `sync`; a kill gives the turn up (see `Turn`).
 */
async function sendInTurn(
  who: string,
  enableBreak: boolean,
  args: SendArgs,
  lookup: LookupEvt | null,
  report: SendReport,
): Promise<void> {
  const { socket } = args;
  const data = bytesAsNow(args.payload);
  const turn = socket.order.enter();
  try {
    await turn.wait(enableBreak);
    exitIfKilled();
    const destination = await destinationOf(who, enableBreak, lookup, args.port);
    await syncPrimitive(enableBreak, new OwnSendEvt(who, socket, destination, data, report));
  } finally {
    turn.finish();
  }
  return report.wait();
}

/** The destination of a send to `lookup`'s host, once it has answered; `null` for the peer. */
async function destinationOf(
  who: string,
  enableBreak: boolean,
  lookup: LookupEvt | null,
  port: number,
): Promise<Destination | null> {
  if (lookup === null) return null;
  if (!lookup.isSettled) {
    // As in Racket, a name that does not resolve is raised before the socket's state is checked.
    const { host } = lookup;
    await awaitLookup(lookup, enableBreak, (errno) => cantResolveError(who, host, port, errno));
    exitIfKilled();
  }
  return { lookup, port };
}

/**
 * `udp-send-to`: sends `bstr[start..end)` as one datagram to `hostname`:`port` from an
 * unconnected socket, binding it to an ephemeral port first if it is not bound. Waits while
 * the socket cannot send (Node still holds earlier datagrams), then until Node reports the
 * send. Sends on one socket take effect in call order.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been sent.
 * @example
 * ```ts
 * const socket = await udpOpenSocket();
 * await udpSendTo(socket, '127.0.0.1', 7002, new TextEncoder().encode('ping'));
 * const reply = new Uint8Array(1500);
 * const [n] = await udpReceive(socket, reply);
 * ```
 */
export function udpSendTo(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send-to';
  return asPromise(() =>
    sendAndWait(who, false, checkSendTo(who, socket, hostname, port, bstr, start, end)),
  );
}

/**
 * `udp-send`: like {@link udpSendTo}, to the peer the socket is connected to
 * ({@link udpConnect}).
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been sent.
 */
export function udpSend(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send';
  return asPromise(() => sendAndWait(who, false, checkSend(who, socket, bstr, start, end)));
}

/**
 * `udp-send-to/enable-break`: {@link udpSendTo} with breaks enabled while it waits; the
 * datagram is sent or the break raised, never both.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 * @throws {@link ExnBreak} if the thread is broken before the datagram is sent.
 */
export function udpSendToEnableBreak(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send-to/enable-break';
  return asPromise(() =>
    sendAndWait(who, true, checkSendTo(who, socket, hostname, port, bstr, start, end)),
  );
}

/**
 * `udp-send/enable-break`: {@link udpSend} with breaks enabled while it waits; the datagram is
 * sent or the break raised, never both.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 * @throws {@link ExnBreak} if the thread is broken before the datagram is sent.
 */
export function udpSendEnableBreak(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send/enable-break';
  return asPromise(() => sendAndWait(who, true, checkSend(who, socket, bstr, start, end)));
}

/**
 * `udp-send-to*`: sends and resolves `true`, or resolves `false` at once if the send would
 * block. It may wait for the host to be looked up, never for buffer space. A failure the
 * system reports after the datagram was handed over is raised by the socket's next send.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 */
export async function udpSendToNowait(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<boolean> {
  const who = 'udp-send-to*';
  const args = checkSendTo(who, socket, hostname, port, bstr, start, end);
  const data = bytesAsNow(args.payload);
  const turn = args.socket.order.enter();
  try {
    await turn.wait(false);
    exitIfKilled();
    const lookup = lookupHost(args.host!);
    const destination = await destinationOf(who, false, lookup, args.port);
    return trySend(who, args.socket, destination, data, true, args.socket.deferFailure);
  } finally {
    turn.finish();
  }
}

/**
 * `udp-send*`: sends to the connected peer and returns `true`, or `false` at once if the send
 * would block. Never waits.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port outside 1–65535, a range
 *   outside `bstr`), before anything is sent.
 * @throws {@link ExnFailNetwork} if the socket is closed, or is connected (`…To`) or not
 *   connected (to the peer).
 * @throws {@link ExnFailNetworkErrno} "can't resolve address" if the host does not resolve;
 *   "send failed" if the system refuses the datagram (errno 90: too long) or reported a failure
 *   of an earlier send (errno 111: a connected peer's port was unreachable).
 */
export function udpSendNowait(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): boolean {
  const who = 'udp-send*';
  const args = checkSend(who, socket, bstr, start, end);
  return trySend(who, args.socket, null, args.payload, false, args.socket.deferFailure);
}

/**
 * `udp-send-to-evt`: ready when a send would not block; when chosen, sends `bstr[start..end)`
 * as it is then, and its result is `undefined`. The host is looked up once, starting now;
 * a lookup failure, like a closed or connected socket, is raised by the `sync` that chooses it.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function udpSendToEvt(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Evt<void> {
  const who = 'udp-send-to-evt';
  const args = checkSendTo(who, socket, hostname, port, bstr, start, end);
  const destination = { lookup: lookupHost(args.host!), port: args.port };
  const { bstr: bytes, start: s, end: e } = args.payload;
  return new SendEvt(who, args.socket, destination, bytes, s, e) as Evt<void>;
}

/**
 * `udp-send-evt`: like {@link udpSendToEvt}, to the connected peer. A socket that is closed or
 * not connected is reported by the `sync` that chooses it.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function udpSendEvt(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Evt<void> {
  const who = 'udp-send-evt';
  const args = checkSend(who, socket, bstr, start, end);
  const { bstr: bytes, start: s, end: e } = args.payload;
  return new SendEvt(who, args.socket, null, bytes, s, e) as Evt<void>;
}

/**
 * `udp-send-ready-evt`: ready when a send would not block (or the socket is closed); its
 * result is the event itself. Sends nothing.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 */
export function udpSendReadyEvt(socket: Udp): Evt<Evt> {
  return new SendReadyEvt(checkUdp('udp-send-ready-evt', socket));
}

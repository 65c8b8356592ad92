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
import { type Evt, NOT_READY } from '../evt/evt.js';
import { check, isString } from '../exn/raise.js';
import { deferFailure, type Destination, trySend } from './attempts.js';
import { checkBytesRange, checkUdp, isPortNumber } from './checks.js';
import { closedError, systemCallError } from './errors.js';
import { OwnSendEvt, SendEvt, SendReadyEvt } from './evts.js';
import { LookupEvt } from './resolve.js';
import { CLOSED_WHILE_SENDING, type Udp } from './socket.js';
import { blockOn, exitIfKilled } from './wait.js';

interface SendArgs {
  readonly socket: Udp;
  /** `null`: to the connected peer. */
  readonly host: string | null;
  readonly port: number;
  readonly bstr: Uint8Array;
  readonly start: number;
  readonly end: number;
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
  const portNumber = check(who, isPortNumber, 'port-number?', port);
  const [bytes, s, e] = checkBytesRange(who, bstr, start, end);
  return { socket: sock, host: hostname, port: portNumber, bstr: bytes, start: s, end: e };
}

function checkSend(
  who: string,
  socket: unknown,
  bstr: unknown,
  start: unknown,
  end: unknown,
): SendArgs {
  const sock = checkUdp(who, socket);
  const [bytes, s, e] = checkBytesRange(who, bstr, start, end);
  return { socket: sock, host: null, port: 0, bstr: bytes, start: s, end: e };
}

/**
 * Takes the socket's turn, resolves the host, waits until the datagram can be handed over (the
 * turn is kept meanwhile, so later sends stay behind), then waits for the system's report.
 * The bytes are copied at the call: the datagram is what `bstr` held then.
 */
async function sendAndWait(who: string, enableBreak: boolean, args: SendArgs): Promise<void> {
  const { socket } = args;
  const data = args.bstr.slice(args.start, args.end);
  const turn = socket.order.enter();
  let sent: { readonly outcome: ReturnType<Udp['transmit']> };
  try {
    await turn.ready;
    exitIfKilled();
    const destination = await destinationInTurn(who, enableBreak, args, turn.finish);
    sent = await blockOn(
      who,
      new OwnSendEvt(who, socket, destination, data),
      enableBreak,
      turn.finish,
    );
  } finally {
    turn.finish();
  }
  const outcome = await sent.outcome;
  exitIfKilled();
  if (outcome === CLOSED_WHILE_SENDING) throw closedError(who, socket);
  if (outcome !== null) throw systemCallError(who, 'send failed', [], outcome);
}

/** The looked-up destination (waiting for the resolver if needed), or `null` for the peer. */
async function destinationInTurn(
  who: string,
  enableBreak: boolean,
  args: SendArgs,
  giveUpTurn: () => void,
): Promise<Destination | null> {
  if (args.host === null) return null;
  const lookup = new LookupEvt(who, args.host, args.port);
  if (!lookup.isSettled) {
    await blockOn(who, lookup, enableBreak, giveUpTurn);
    exitIfKilled();
  }
  return { lookup, port: args.port };
}

/** `udp-send-to`: sends `bstr[start..end)` to `hostname`:`port` from an unconnected socket. */
export async function udpSendTo(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send-to';
  await sendAndWait(who, false, checkSendTo(who, socket, hostname, port, bstr, start, end));
}

/** `udp-send`: like `udpSendTo`, to the connected peer. */
export async function udpSend(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send';
  await sendAndWait(who, false, checkSend(who, socket, bstr, start, end));
}

/** `udp-send-to/enable-break`: breaks enabled while waiting; sent or a break, never both. */
export async function udpSendToEnableBreak(
  socket: Udp,
  hostname: string,
  port: number,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send-to/enable-break';
  await sendAndWait(who, true, checkSendTo(who, socket, hostname, port, bstr, start, end));
}

/** `udp-send/enable-break`. */
export async function udpSendEnableBreak(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send/enable-break';
  await sendAndWait(who, true, checkSend(who, socket, bstr, start, end));
}

/**
 * `udp-send-to*`: sends and resolves `true`, or resolves `false` at once if the send would
 * block. It may wait for the host to be looked up, never for buffer space. A failure the
 * system reports after the datagram was handed over is raised by the socket's next send.
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
  const data = args.bstr.slice(args.start, args.end);
  const turn = args.socket.order.enter();
  try {
    await turn.ready;
    exitIfKilled();
    const destination = await destinationInTurn(who, false, args, turn.finish);
    const outcome = trySend(who, args.socket, destination, () => data, true);
    if (outcome === NOT_READY) return false;
    deferFailure(args.socket, outcome);
    return true;
  } finally {
    turn.finish();
  }
}

/** `udp-send*`: sends to the connected peer and returns `true`, or `false` if it would block. */
export function udpSendNowait(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): boolean {
  const who = 'udp-send*';
  const args = checkSend(who, socket, bstr, start, end);
  const copy = (): Uint8Array => args.bstr.slice(args.start, args.end);
  const outcome = trySend(who, args.socket, null, copy, false);
  if (outcome === NOT_READY) return false;
  deferFailure(args.socket, outcome);
  return true;
}

/**
 * `udp-send-to-evt`: ready when a send would not block; when chosen, sends `bstr[start..end)`
 * as it is then, and its result is `undefined`. The host is looked up once, starting now;
 * a lookup failure, like a closed or connected socket, is raised by the `sync` that chooses it.
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
  const destination = { lookup: new LookupEvt(who, args.host!, args.port), port: args.port };
  return new SendEvt(who, args.socket, destination, args.bstr, args.start, args.end) as Evt<void>;
}

/** `udp-send-evt`: like `udpSendToEvt`, to the connected peer. */
export function udpSendEvt(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Evt<void> {
  const who = 'udp-send-evt';
  const args = checkSend(who, socket, bstr, start, end);
  return new SendEvt(who, args.socket, null, args.bstr, args.start, args.end) as Evt<void>;
}

/** `udp-send-ready-evt`: ready when a send would not block; its result is itself. */
export function udpSendReadyEvt(socket: Udp): Evt<Evt> {
  return new SendReadyEvt(checkUdp('udp-send-ready-evt', socket));
}

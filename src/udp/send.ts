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
import { currentThreadCore, mainThreadCore, type ThreadCore } from '../context/context.js';
import { type Evt } from '../evt/evt.js';
import { asPromise, check, isString } from '../exn/raise.js';
import { copyBytes } from '../port/bytes.js';
import { type Destination, type Payload, trySend } from './attempts.js';
import { checkBytesRange, checkUdp, isPortNumber } from './checks.js';
import { closedError, systemCallError } from './errors.js';
import { OwnSendEvt, SendEvt, SendReadyEvt } from './evts.js';
import { literalLookup, LookupEvt } from './resolve.js';
import { CLOSED_WHILE_SENDING, type SendCompletion, type SendOutcome, type Udp } from './socket.js';
import { beforeAttempt, blockOn, exitIfKilled } from './wait.js';

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
  const portNumber = check(who, isPortNumber, 'port-number?', port);
  const payload = checkBytesRange(who, bstr, start, end);
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
  const payload = checkBytesRange(who, bstr, start, end);
  return { socket: sock, host: null, port: 0, payload };
}

/**
 * The promise of a blocking send once the datagram is handed over: settled when Node reports
 * the send, with Racket's error for a failure. A killed thread's send never settles: like any
 * wait of a killed thread, it does not resume.
 */
class SendWait implements SendCompletion {
  readonly promise: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: unknown) => void;

  constructor(
    readonly who: string,
    readonly socket: Udp,
    readonly thread: ThreadCore,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  sendDone(outcome: SendOutcome): void {
    if (this.thread.dead && this.thread !== mainThreadCore) return;
    if (outcome === null) this.#resolve();
    else if (outcome === CLOSED_WHILE_SENDING) this.#reject(closedError(this.who, this.socket));
    else this.#reject(systemCallError(this.who, 'send failed', [], outcome));
  }
}

/**
 * The destination of a send that needs no lookup: the connected peer (`null`) or an IP
 * literal; `undefined` when the host must be looked up.
 */
function destinationAtOnce(args: SendArgs): Destination | null | undefined {
  if (args.host === null) return null;
  const lookup = literalLookup(args.host);
  return lookup === null ? undefined : { lookup, port: args.port };
}

/** The payload as it is now, for a send that may take effect later: a copy, itself a payload. */
function copyNow({ bstr, start, end }: Payload): Payload {
  const data = copyBytes(bstr, start, end);
  return { bstr: data, start: 0, end: data.length };
}

/**
 * A blocking send. When no earlier operation on the socket is pending and the destination needs
 * no lookup, the send is tried at once, as Racket's `udp-send-to` does: no turn, no `sync`, and
 * the promise returned is the one Node's report settles. Otherwise it waits in turn.
 */
function sendAndWait(who: string, enableBreak: boolean, args: SendArgs): Promise<void> {
  const { socket } = args;
  const destination = destinationAtOnce(args);
  if (destination === undefined || socket.order.busy) {
    return sendInTurn(who, enableBreak, args, new SendWait(who, socket, currentThreadCore()));
  }
  // What the `sync` would do before its first poll.
  const wait = new SendWait(who, socket, beforeAttempt(enableBreak).thread);
  if (trySend(who, socket, destination, args.payload, false, wait)) return wait.promise;
  return sendInTurn(who, enableBreak, args, wait);
}

/**
 * Takes the socket's turn, resolves the host, waits until the datagram can be handed over (the
 * turn is kept meanwhile, so later sends stay behind), then waits for the system's report.
 * The bytes are copied at the call: the datagram is what `bstr` held then.
 */
async function sendInTurn(
  who: string,
  enableBreak: boolean,
  args: SendArgs,
  wait: SendWait,
): Promise<void> {
  const { socket } = args;
  const data = copyNow(args.payload);
  const turn = socket.order.enter();
  try {
    await turn.ready;
    exitIfKilled();
    const destination = await destinationInTurn(who, enableBreak, args, turn.finish);
    const evt = new OwnSendEvt(who, socket, destination, data, wait);
    await blockOn(who, evt, enableBreak, turn.finish);
  } finally {
    turn.finish();
  }
  return wait.promise;
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

/** `udp-send`: like `udpSendTo`, to the connected peer. */
export function udpSend(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<void> {
  const who = 'udp-send';
  return asPromise(() => sendAndWait(who, false, checkSend(who, socket, bstr, start, end)));
}

/** `udp-send-to/enable-break`: breaks enabled while waiting; sent or a break, never both. */
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

/** `udp-send/enable-break`. */
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
  const data = copyNow(args.payload);
  const turn = args.socket.order.enter();
  try {
    await turn.ready;
    exitIfKilled();
    const destination = await destinationInTurn(who, false, args, turn.finish);
    return trySend(who, args.socket, destination, data, true, args.socket.deferFailure);
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
  return trySend(who, args.socket, null, args.payload, false, args.socket.deferFailure);
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
  const { bstr: bytes, start: s, end: e } = args.payload;
  return new SendEvt(who, args.socket, destination, bytes, s, e) as Evt<void>;
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
  const { bstr: bytes, start: s, end: e } = args.payload;
  return new SendEvt(who, args.socket, null, bytes, s, e) as Evt<void>;
}

/** `udp-send-ready-evt`: ready when a send would not block; its result is itself. */
export function udpSendReadyEvt(socket: Udp): Evt<Evt> {
  return new SendReadyEvt(checkUdp('udp-send-ready-evt', socket));
}

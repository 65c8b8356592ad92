/**
 * Sending as one step, and the events built on it. `trySend` either reports "would block" and
 * does nothing, or hands the datagram to the system completely, synchronously; it is the poll
 * of the send events, so a send event sends only when `sync` chooses it, and the errors it finds
 * are raised only then, in Racket's order: closed, then the socket's state, then the system's.
 * Every form of send (blocking, `Nowait`, event) goes through it.
 */
import { currentThreadCore } from '../context/context.js';
import { NOT_READY, type NotReady, PrimitiveEvt, type Unwatch, type Waiter } from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { posixErrno } from '../exn/errno.js';
import { type ExnFailNetwork } from '../exn/exn.js';
import { racketPrint } from '../exn/print.js';
import { type ByteRange, copyForSystem } from '../network/bytes.js';
import {
  cantResolveError,
  sendFailedError,
  udpClosedError,
  udpConnectedError,
  udpNotConnectedError,
} from '../network/errors.js';
import { type Outcome, OutcomeEvt } from '../network/outcome-evt.js';
import { type LookupEvt, type ResolvedAddress } from '../network/resolve.js';
import { reachableAddress } from './family.js';
import {
  CLOSED_WHILE_SENDING,
  type Endpoint,
  type SendCompletion,
  type SendOutcome,
  type Udp,
} from './socket.js';

/** Where a send goes: a host being looked up, and a port; (`null` for) the connected peer. */
export interface Destination {
  readonly lookup: LookupEvt;
  readonly port: number;
}

/** The bytes a send sends: `bstr[start..end)`, copied when the send takes effect. */
export type Payload = ByteRange;

/** The largest UDP payload an IPv4 or IPv6 datagram can carry. */
const MAX_PAYLOAD: Readonly<Record<4 | 6, number>> = { 4: 65507, 6: 65527 };

/**
 * Sends one datagram if the socket can take it now; returns whether it did. Would block
 * (`false`) while the name is being looked up, while the system's send queue is not empty, or
 * (unless the caller holds the socket's turn) while an earlier operation on the socket has not
 * taken effect. Otherwise binds the socket if needed and hands a copy of the payload to the
 * system; `completion` is told the send's outcome once Node reports it.
 */
export function trySend(
  who: string,
  socket: Udp,
  destination: Destination | null,
  payload: Payload,
  holdsTurn: boolean,
  completion: SendCompletion,
): boolean {
  socket.checkOpen(who);
  if (destination === null && !socket.connected) throw udpNotConnectedError(who, socket);
  if (destination !== null && socket.connected) throw udpConnectedError(who, socket);
  let addresses: readonly ResolvedAddress[] | null = null;
  if (destination !== null) {
    const { lookup, port } = destination;
    const found = lookup.outcome;
    if (found === null) return false;
    if (!found.ok) throw cantResolveError(who, lookup.host, port, found.error);
    addresses = found.value;
  }
  if ((!holdsTurn && socket.order.busy) || socket.sendQueueCount() > 0) return false;

  // From here on the send takes effect, or fails as the system call would.
  socket.bound = true;
  const deferred = socket.deferredError;
  if (deferred !== null) {
    socket.deferredError = null;
    throw sendFailedError(who, deferred);
  }
  let to: Endpoint | null = null;
  let family = socket.peerFamily;
  if (destination !== null) {
    const reachable = reachableAddress(addresses!, socket.family);
    if (reachable === null) throw sendFailedError(who, posixErrno('EAFNOSUPPORT'));
    to = { address: reachable.address, port: destination.port };
    family = reachable.family;
  }
  // Node would report it later, in a callback an event's poll cannot wait for.
  if (payload.end - payload.start > MAX_PAYLOAD[family]) {
    throw sendFailedError(who, posixErrno('EMSGSIZE'));
  }
  const bindFailure = socket.bindImplicitly();
  if (bindFailure !== null) throw sendFailedError(who, bindFailure);
  // A copy: libuv may hold the bytes until the kernel takes them, and the caller may reuse
  // its buffer meanwhile.
  socket.transmit(copyForSystem(payload), to, completion);
  return true;
}

/** Watches the socket's send waiters, and the destination's lookup until it answers. */
function watchSend(socket: Udp, destination: Destination | null, waiter: Waiter): Unwatch {
  const unwatch = socket.watch(socket.sendWaiters, waiter);
  if (destination === null || destination.lookup.isSettled) return unwatch;
  const unwatchLookup = destination.lookup.watch(waiter);
  return () => {
    unwatch();
    unwatchLookup();
  };
}

/** `udpSendEvt` / `udpSendToEvt`: sends `bstr[start..end)` as it is when chosen; result void. */
export class SendEvt extends PrimitiveEvt<undefined> {
  constructor(
    readonly who: string,
    readonly socket: Udp,
    readonly destination: Destination | null,
    readonly bstr: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  /** The event is its own payload: the bytes are copied when the send takes effect. */
  poll(): undefined | NotReady {
    const { who, socket, destination } = this;
    return trySend(who, socket, destination, this, false, socket.deferFailure)
      ? undefined
      : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return watchSend(this.socket, this.destination, waiter);
  }

  [racketPrint](): string {
    return '#<udp-send-evt>';
  }
}

/**
 * What a blocking send waits on when it cannot send at once: it holds the socket's turn, and
 * `completion` is told the outcome of the send.
 */
export class OwnSendEvt extends PrimitiveEvt<true> {
  constructor(
    readonly who: string,
    readonly socket: Udp,
    readonly destination: Destination | null,
    readonly payload: Payload,
    readonly completion: SendCompletion,
  ) {
    super();
  }

  poll(): true | NotReady {
    const { who, socket, destination, payload, completion } = this;
    return trySend(who, socket, destination, payload, true, completion) || NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return watchSend(this.socket, this.destination, waiter);
  }
}

/** `udpSendReadyEvt`: ready when a send would not block (or the socket is closed). */
export class SendReadyEvt extends PrimitiveEvt<SendReadyEvt> {
  constructor(readonly socket: Udp) {
    super();
  }

  poll(): SendReadyEvt | NotReady {
    const socket = this.socket;
    return socket.isClosed || (!socket.order.busy && socket.sendQueueCount() === 0)
      ? this
      : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.socket.watch(this.socket.sendWaiters, waiter);
  }

  [racketPrint](): string {
    return '#<udp-send-ready-evt>';
  }
}

const SENT: Outcome<undefined, ExnFailNetwork> = { ok: true, value: undefined };

/** Raises the failure a send's report holds. */
function raiseFailure(outcome: Outcome<undefined, ExnFailNetwork>): void {
  if (!outcome.ok) throw outcome.error;
}

/**
 * Node's report of a send a thread waits on, once its datagram has been handed to the system:
 * an event, so that waiting for it is a `sync` that a kill ends, and a break if breaks are
 * enabled in the thread. Its outcome is the send's: done, `send failed`, or `udp socket is
 * closed` (closed meanwhile). A report whose wait was broken or killed is not lost: a failure
 * is raised by the socket's next send, as for a send nobody waits on.
 *
 * The `…EnableBreak` sends do not enable breaks for this wait: the datagram is already the
 * system's, and they either send or raise a break, never both.
 */
export class SendReport extends OutcomeEvt<undefined, ExnFailNetwork> implements SendCompletion {
  /** Node's failure, kept for the next send should nobody take the outcome. */
  #failure: SendOutcome = null;
  #abandoned = false;

  constructor(
    readonly who: string,
    readonly socket: Udp,
  ) {
    super();
  }

  sendDone(outcome: SendOutcome): void {
    if (this.#abandoned) {
      this.socket.deferFailure.sendDone(outcome);
      return;
    }
    if (outcome === null) {
      this.settleNow(SENT);
      return;
    }
    this.#failure = outcome;
    const error =
      outcome === CLOSED_WHILE_SENDING
        ? udpClosedError(this.who, this.socket)
        : sendFailedError(this.who, outcome);
    this.settleNow({ ok: false, error });
  }

  /** Waits for the report; resolves once the send is done, or raises its failure. */
  wait(): Promise<void> {
    // A thread killed since it handed the datagram over never waits: nobody takes the outcome.
    if (currentThreadCore().dead) this.abandoned();
    return syncPrimitive(false, this).then(raiseFailure);
  }

  protected override abandoned(): void {
    this.#abandoned = true;
    if (this.#failure !== null) this.socket.deferFailure.sendDone(this.#failure);
  }
}

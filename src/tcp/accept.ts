/**
 * Accepting: `tcpAccept`, `tcpAcceptEnableBreak`, `isTcpAcceptReady`, `tcpAcceptEvt`.
 *
 * Every accept is a `sync` on an accept event whose poll *is* the accept: it takes a queued
 * connection and builds its ports in one synchronous step, or answers NOT_READY. So an accept
 * event that is not chosen accepts nothing, and a break while waiting leaves the queue as it was.
 */
import { type Custodian, currentCustodian } from '../custodian/custodian.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
} from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { racketPrint } from '../exn/print.js';
import { asPromise } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { checkListener, type TcpListener } from './listener.js';
import { type SocketListener } from './socket-listener.js';

/**
 * An accept on any `SocketListener` (TCP's, or a unix socket's): its poll takes a queued
 * connection and makes its ports, as the listener makes them, in one step.
 */
export class AcceptEvt extends PrimitiveEvt<[InputPort, OutputPort]> {
  constructor(
    readonly who: string,
    readonly listener: SocketListener<unknown>,
    /** Where the ports go: the custodian current when the event was made. */
    readonly custodian: Custodian,
  ) {
    super();
  }

  poll(): [InputPort, OutputPort] | NotReady {
    const { who, listener, custodian } = this;
    // State errors are raised only when this event is the one chosen (thrown from its poll).
    listener.checkOpen(who);
    listener.checkAcceptCustodian(who, custodian);
    const socket = listener.take();
    if (socket === undefined) return NOT_READY;
    return listener.acceptedPorts(who, socket, custodian);
  }

  watch(waiter: Waiter): Unwatch {
    return this.listener.watch(waiter);
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

function accept(
  who: string,
  listener: TcpListener,
  enableBreak: boolean,
): Promise<[InputPort, OutputPort]> {
  checkListener(who, listener);
  const evt = new AcceptEvt(who, listener, currentCustodian());
  return syncPrimitive(enableBreak, evt);
}

/**
 * Waits for a client to connect to `listener` and returns the connection's input and output
 * ports (Racket: `tcp-accept`). The ports belong to the current custodian; the output port is
 * block-buffered. Connections are taken in the order they arrived.
 *
 * @throws {@link ExnFailContract} if `listener` is not a TCP listener.
 * @throws {@link ExnFailNetwork} if the listener is closed (or is closed while it waits).
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then no
 *   connection has been taken.
 * @example
 * ```ts
 * const listener = await tcpListen(7000, 16, true);
 * for (;;) {
 *   const [input, output] = await tcpAccept(listener);
 *   thread(async () => {
 *     await writeString('hello\n', output);
 *     closeInputPort(input);
 *     await closeOutputPort(output);
 *   });
 * }
 * ```
 */
export function tcpAccept(listener: TcpListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('tcp-accept', listener, false));
}

/**
 * {@link tcpAccept} with breaks enabled while it waits (Racket: `tcp-accept/enable-break`): it
 * returns the ports or raises the break, never both.
 *
 * @throws {@link ExnFailContract} if `listener` is not a TCP listener.
 * @throws {@link ExnFailNetwork} if the listener is closed (or is closed while it waits).
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @throws {@link ExnBreak} if the thread is broken before a connection is taken.
 */
export function tcpAcceptEnableBreak(listener: TcpListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('tcp-accept/enable-break', listener, true));
}

/**
 * Whether a client is waiting to be accepted on `listener`, so that {@link tcpAccept} would not
 * wait (Racket: `tcp-accept-ready?`). Accepts nothing.
 *
 * @throws {@link ExnFailContract} if `listener` is not a TCP listener.
 * @throws {@link ExnFailNetwork} if the listener is closed.
 */
export function isTcpAcceptReady(listener: TcpListener): boolean {
  const who = 'tcp-accept-ready?';
  const l = checkListener(who, listener);
  l.checkOpen(who);
  return l.pendingCount > 0;
}

/**
 * An event that accepts a connection when chosen; its result is `[input, output]` (Racket:
 * `tcp-accept-evt`). Ready when a client waits; if another event is chosen, it has accepted
 * nothing. The ports belong to the custodian current when the event was made. The `sync` that
 * chooses it raises if the listener is closed or that custodian has been shut down.
 *
 * @throws {@link ExnFailContract} if `listener` is not a TCP listener.
 * @example
 * ```ts
 * const r = await sync(tcpAcceptEvt(listener), readLineEvt(control));
 * ```
 */
export function tcpAcceptEvt(listener: TcpListener): Evt<[InputPort, OutputPort]> {
  const who = 'tcp-accept-evt';
  return new AcceptEvt(who, checkListener(who, listener), currentCustodian());
}

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
import { checkCustodianRunning } from '../network/errors.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { checkListener, type TcpListener } from './listener.js';
import { makeTcpPorts } from './tcp-ports.js';

/** Accepted ports are named like Racket's. */
const ACCEPTED_NAME = 'tcp-accepted';

class TcpAcceptEvt extends PrimitiveEvt<[InputPort, OutputPort]> {
  constructor(
    readonly who: string,
    readonly listener: TcpListener,
    /** Where the ports go: the custodian current when the event was made. */
    readonly custodian: Custodian,
  ) {
    super();
  }

  poll(): [InputPort, OutputPort] | NotReady {
    const { who, listener } = this;
    // State errors are raised only when this event is the one chosen (thrown from its poll).
    listener.checkOpen(who);
    checkCustodianRunning(who, this.custodian);
    const socket = listener.take();
    if (socket === undefined) return NOT_READY;
    return makeTcpPorts(who, socket, ACCEPTED_NAME, this.custodian);
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
  const evt = new TcpAcceptEvt(who, listener, currentCustodian());
  return syncPrimitive(enableBreak, evt);
}

/** `tcp-accept`: waits for a client; the ports go to the current custodian. */
export function tcpAccept(listener: TcpListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('tcp-accept', listener, false));
}

/** `tcp-accept/enable-break`: breaks are enabled while waiting; ports or a break, never both. */
export function tcpAcceptEnableBreak(listener: TcpListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('tcp-accept/enable-break', listener, true));
}

/** `tcp-accept-ready?`: whether an unaccepted client waits (accepts nothing). */
export function isTcpAcceptReady(listener: TcpListener): boolean {
  const who = 'tcp-accept-ready?';
  const l = checkListener(who, listener);
  l.checkOpen(who);
  return l.pendingCount > 0;
}

/** `tcp-accept-evt`: chosen, it accepts; its ports go to the custodian current now. */
export function tcpAcceptEvt(listener: TcpListener): Evt<[InputPort, OutputPort]> {
  const who = 'tcp-accept-evt';
  return new TcpAcceptEvt(who, checkListener(who, listener), currentCustodian());
}

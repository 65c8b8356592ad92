/**
 * The UDP events: `udpReceiveEvt`, `udpSendEvt` / `udpSendToEvt` and the two readiness events,
 * plus the event a blocking send waits on. Each `poll` is one attempt from `attempts.ts`, so an
 * event commits (receives into the caller's bytes, sends) only when `sync` chooses it, and the
 * errors it finds are raised only then too.
 */
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  type WaiterSet,
} from '../evt/evt.js';
import { racketPrint } from '../exn/print.js';
import {
  type Destination,
  type Payload,
  type ReceiveResult,
  tryReceive,
  trySend,
} from './attempts.js';
import { type Receiver, type SendCompletion, type Udp } from './socket.js';

/** Watches `waiters` and keeps the process alive meanwhile (see `Udp.hold`). */
function watchSocket(socket: Udp, waiters: WaiterSet, waiter: Waiter): Unwatch {
  const unwatch = waiters.add(waiter);
  const release = socket.hold();
  return () => {
    unwatch();
    release();
  };
}

/** Also wakes `waiter` when the destination's lookup answers. */
function watchSend(socket: Udp, destination: Destination | null, waiter: Waiter): Unwatch {
  const unwatch = watchSocket(socket, socket.sendWaiters, waiter);
  if (destination === null || destination.lookup.isSettled) return unwatch;
  const unwatchLookup = destination.lookup.watch(waiter);
  return () => {
    unwatch();
    unwatchLookup();
  };
}

export class ReceiveEvt extends PrimitiveEvt<ReceiveResult> {
  constructor(
    readonly who: string,
    readonly socket: Udp,
    readonly bstr: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  poll(): ReceiveResult | NotReady {
    return tryReceive(this.who, this.socket, this.bstr, this.start, this.end) ?? NOT_READY;
  }

  /** Also offers itself for datagrams handed straight to a blocked receive (`Udp.receivers`). */
  watch(waiter: Waiter): Unwatch {
    const socket = this.socket;
    const unwatch = watchSocket(socket, socket.receiveWaiters, waiter);
    const receiver: Receiver = { window: this, waiter };
    socket.receivers.push(receiver);
    return () => {
      unwatch();
      const receivers = socket.receivers;
      // Usually the oldest: `shift` makes no array of what it removes, as `splice` does.
      if (receivers[0] === receiver) receivers.shift();
      else {
        const at = receivers.indexOf(receiver);
        if (at >= 0) receivers.splice(at, 1);
      }
    };
  }

  [racketPrint](): string {
    return '#<udp-receive-evt>';
  }
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

/** `udpReceiveReadyEvt`: ready when a receive would not block (or the socket is closed). */
export class ReceiveReadyEvt extends PrimitiveEvt<ReceiveReadyEvt> {
  constructor(readonly socket: Udp) {
    super();
  }

  poll(): ReceiveReadyEvt | NotReady {
    return this.socket.isClosed || !this.socket.receiveQueue.isEmpty ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return watchSocket(this.socket, this.socket.receiveWaiters, waiter);
  }

  [racketPrint](): string {
    return '#<udp-receive-ready-evt>';
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
    return watchSocket(this.socket, this.socket.sendWaiters, waiter);
  }

  [racketPrint](): string {
    return '#<udp-send-ready-evt>';
  }
}

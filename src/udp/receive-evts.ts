/**
 * Receiving as one step, and the events built on it. `tryReceive` either finds no datagram and
 * does nothing, or takes one completely, synchronously; it is the poll of `ReceiveEvt`, so a
 * receive event takes a datagram only when `sync` chooses it, and the errors it finds are raised
 * only then, in Racket's order (closed, then not bound). Every form of receive (blocking,
 * `Nowait`, event) goes through it.
 */
import { NOT_READY, type NotReady, PrimitiveEvt, type Unwatch, type Waiter } from '../evt/evt.js';
import { racketPrint } from '../exn/print.js';
import { udpNotBoundError } from '../network/errors.js';
import { type Receiver, type Udp } from './socket.js';

/** What a receive returns: the bytes received, and where the datagram came from. */
export type ReceiveResult = [count: number, host: string, port: number];

/**
 * Takes the next datagram into `bstr[start..end)`: at most `end - start` bytes, the rest of the
 * datagram is discarded. `null` when none is waiting.
 */
export function tryReceive(
  who: string,
  socket: Udp,
  bstr: Uint8Array,
  start: number,
  end: number,
): ReceiveResult | null {
  socket.checkOpen(who);
  if (!socket.bound) throw udpNotBoundError(who, socket);
  // A receive consumes a pending refusal report, as `recvfrom` does for Racket.
  socket.deferredError = null;
  const datagram = socket.receiveQueue.take();
  if (datagram === undefined) return null;
  const count = Math.min(datagram.data.length, end - start);
  bstr.set(datagram.data.subarray(0, count), start);
  return [count, datagram.address, datagram.port];
}

/** `udpReceiveEvt`, and what a blocking receive waits on: chosen, it receives into `bstr`. */
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
    const unwatch = socket.watch(socket.receiveWaiters, waiter);
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

/** `udpReceiveReadyEvt`: ready when a receive would not block (or the socket is closed). */
export class ReceiveReadyEvt extends PrimitiveEvt<ReceiveReadyEvt> {
  constructor(readonly socket: Udp) {
    super();
  }

  poll(): ReceiveReadyEvt | NotReady {
    return this.socket.isClosed || !this.socket.receiveQueue.isEmpty ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.socket.watch(this.socket.receiveWaiters, waiter);
  }

  [racketPrint](): string {
    return '#<udp-receive-ready-evt>';
  }
}

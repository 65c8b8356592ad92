/**
 * One non-blocking attempt to receive or to send: the step that every form of the operation
 * shares (blocking, `Nowait`, event). Each either does nothing and reports "would block", or
 * takes effect completely, synchronously, so an event whose `poll` runs it commits only when
 * chosen; errors are raised in Racket's order: closed, then the socket's state, then the system's.
 */
import { keptCopy } from '../port/bytes.js';
import { NOT_READY } from '../evt/evt.js';
import { posixErrno } from '../exn/errno.js';
import { type ByteRange } from './checks.js';
import { socketStateError, systemCallError } from './errors.js';
import { type LookupEvt, reachableAddress } from './resolve.js';
import { type Endpoint, type SendCompletion, type Udp } from './socket.js';

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
  if (!socket.bound) throw socketStateError(who, 'udp socket is not bound', socket);
  // A receive consumes a pending refusal report, as `recvfrom` does for Racket.
  socket.deferredError = null;
  const datagram = socket.receiveQueue.take();
  if (datagram === undefined) return null;
  const count = Math.min(datagram.data.length, end - start);
  bstr.set(datagram.data.subarray(0, count), start);
  return [count, datagram.address, datagram.port];
}

/** Where a send goes: a looked-up host and port, or (`null`) the connected peer. */
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
  if (destination === null && !socket.connected) {
    throw socketStateError(who, 'udp socket is not connected', socket);
  }
  if (destination !== null && socket.connected) {
    throw socketStateError(who, 'udp socket is connected', socket);
  }
  const addresses = destination === null ? null : destination.lookup.poll();
  if (addresses === NOT_READY) return false;
  if ((!holdsTurn && socket.order.busy) || socket.sendQueueCount() > 0) return false;

  // From here on the send takes effect, or fails as the system call would.
  socket.bound = true;
  const deferred = socket.deferredError;
  if (deferred !== null) {
    socket.deferredError = null;
    throw systemCallError(who, 'send failed', [], deferred);
  }
  let to: Endpoint | null = null;
  let family = socket.peerFamily;
  if (destination !== null) {
    const reachable = reachableAddress(addresses!, socket.family);
    if (reachable === null) {
      throw systemCallError(who, 'send failed', [], posixErrno('EAFNOSUPPORT'));
    }
    to = { address: reachable.address, port: destination.port };
    family = reachable.family;
  }
  // Node would report it later, in a callback an event's poll cannot wait for.
  if (payload.end - payload.start > MAX_PAYLOAD[family]) {
    throw systemCallError(who, 'send failed', [], posixErrno('EMSGSIZE'));
  }
  socket.bindImplicitly(who, 'send failed', []);
  // A copy: libuv may hold the bytes until the kernel takes them, and the caller may reuse
  // its buffer meanwhile.
  socket.transmit(keptCopy(payload.bstr, payload.start, payload.end), to, completion);
  return true;
}

/**
 * Receiving: `udpReceive`, `udpReceiveNowait`, `udpReceiveEnableBreak`, `udpReceiveEvt`,
 * `udpReceiveReadyEvt`, and `udpDroppedCount` (racket-net's own: how many datagrams the
 * socket's receive queue has dropped; see `ReceiveQueue`).
 *
 * A receive takes the oldest queued datagram in one synchronous step and copies at most
 * `end - start` bytes of it into `bstr` at `start`; the rest of the datagram is discarded.
 * Waiting is a `sync` on `ReceiveEvt`, so a break ends it before anything is taken.
 */
import { type Evt } from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { asPromise } from '../exn/raise.js';
import { checkByteRange } from '../network/bytes.js';
import { ReceiveEvt, ReceiveReadyEvt, type ReceiveResult, tryReceive } from './receive-evts.js';
import { checkUdp, type Udp } from './socket.js';

/**
 * A blocking receive: a `sync` on `ReceiveEvt`. When no earlier operation on the socket is
 * pending it starts at once, without a turn, and the promise returned is the one the wait
 * settles. A bad argument rejects it, never throws.
 */
function receive(
  who: string,
  enableBreak: boolean,
  socket: unknown,
  bstr: unknown,
  start: unknown,
  end: unknown,
): Promise<ReceiveResult> {
  return asPromise(() => {
    const sock = checkUdp(who, socket);
    const range = checkByteRange(who, bstr, start, end);
    const evt = new ReceiveEvt(who, sock, range.bstr, range.start, range.end);
    if (sock.order.busy) return receiveInTurn(sock, evt, enableBreak);
    return syncPrimitive(enableBreak, evt);
  });
}

/**
 * After every earlier operation (a bind not awaited), but without holding up later ones: the
 * turn is finished before the wait for a datagram.
 */
async function receiveInTurn(
  socket: Udp,
  evt: ReceiveEvt,
  enableBreak: boolean,
): Promise<ReceiveResult> {
  const turn = socket.order.enter();
  try {
    await turn.wait(enableBreak);
  } finally {
    turn.finish();
  }
  return syncPrimitive(enableBreak, evt);
}

/**
 * `udp-receive!`: waits for a datagram, copies it into `bstr[start..end)` and resolves to
 * `[count, sourceHost, sourcePort]`. A datagram longer than `end - start` is cut, the rest
 * discarded. The socket must be bound; a connected one receives only from its peer.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a range outside `bstr`).
 * @throws {@link ExnFailNetwork} if the socket is closed (or is closed while it waits) or is
 *   not bound.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then no
 *   datagram has been taken.
 * @example
 * ```ts
 * const buffer = new Uint8Array(65536);
 * for (;;) {
 *   const [n, host, port] = await udpReceive(socket, buffer);
 *   await udpSendTo(socket, host, port, buffer, 0, n); // an echo service
 * }
 * ```
 */
export function udpReceive(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<[number, string, number]> {
  return receive('udp-receive!', false, socket, bstr, start, end);
}

/**
 * `udp-receive!/enable-break`: {@link udpReceive} with breaks enabled while it waits; a
 * datagram or a break, never both.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a range outside `bstr`).
 * @throws {@link ExnFailNetwork} if the socket is closed (or is closed while it waits) or is
 *   not bound.
 * @throws {@link ExnBreak} if the thread is broken before a datagram is taken.
 */
export function udpReceiveEnableBreak(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Promise<[number, string, number]> {
  return receive('udp-receive!/enable-break', true, socket, bstr, start, end);
}

/**
 * `udp-receive!*`: the datagram that is waiting, as {@link udpReceive} would take it, or
 * `[false, false, false]` if none is. Never waits.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a range outside `bstr`).
 * @throws {@link ExnFailNetwork} if the socket is closed (or is closed while it waits) or is
 *   not bound.
 */
export function udpReceiveNowait(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): [number, string, number] | [false, false, false] {
  const who = 'udp-receive!*';
  const sock = checkUdp(who, socket);
  const range = checkByteRange(who, bstr, start, end);
  return tryReceive(who, sock, range.bstr, range.start, range.end) ?? [false, false, false];
}

/**
 * `udp-receive!-evt`: ready when a datagram is waiting; when chosen, receives it into `bstr`
 * and its result is `[count, host, port]`. Not chosen, it takes nothing and `bstr` is untouched.
 * A socket that is closed or not bound is reported by the `sync` that chooses it.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function udpReceiveEvt(
  socket: Udp,
  bstr: Uint8Array,
  start: number = 0,
  end?: number,
): Evt<[number, string, number]> {
  const who = 'udp-receive!-evt';
  const sock = checkUdp(who, socket);
  const range = checkByteRange(who, bstr, start, end);
  return new ReceiveEvt(who, sock, range.bstr, range.start, range.end);
}

/**
 * `udp-receive-ready-evt`: ready when a receive would not block (a datagram is waiting, or the
 * socket is closed); its result is the event itself. Receives nothing.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 */
export function udpReceiveReadyEvt(socket: Udp): Evt<Evt> {
  return new ReceiveReadyEvt(checkUdp('udp-receive-ready-evt', socket));
}

/**
 * racket-net's own (no Racket counterpart): how many datagrams arrived for `socket` and were
 * dropped because its receive queue was full, as a kernel drops what its buffer cannot hold.
 * The queue is bounded by the socket's receive buffer size ({@link udpSetReceiveBufferSize}).
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function udpDroppedCount(socket: Udp): number {
  const who = 'udp-dropped-count';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  return sock.receiveQueue.dropped;
}

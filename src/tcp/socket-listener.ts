/**
 * What every stream listener over `net.Server` shares (TCP's, and `racket/unix-socket`'s over a
 * socket path): the queue of connections Node accepted that nobody has taken yet, the listener
 * as an event, its custodian, and closing it. A subclass says how it refuses a client past the
 * queue's bound, how its servers close, which errors its accepts raise and which ports an
 * accepted connection gets.
 *
 * Node accepts every connection itself, so the listener keeps its own queue: sockets wait there
 * paused (nothing read from them) until an accept takes one (see `accept.ts`), at most
 * `max(maxAllowWait, 1)` of them; one more is refused at once.
 */
import { type Server, type Socket } from 'node:net';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { acceptTcpSockets } from './tcp-socket.js';

/** How long an unaccepted client ended by a close may take to close its side. */
const CLOSE_LINGER_MS = 10_000;

/**
 * A listener over Node servers, with its queue of unaccepted connections. As an event (of
 * type `L`, the subclass) it is ready, with itself, when an accept would not block or it is
 * closed; syncing on it accepts nothing.
 */
export abstract class SocketListener<L> extends PrimitiveEvt<L> implements Managed {
  #closed = false;
  /** Connections Node accepted that no accept has taken yet. */
  readonly #queue: Socket[] = [];
  readonly #waiters = new WaiterSet();
  /** The custodian that manages the listener until it closes. */
  #custodian: Custodian | null = null;

  constructor(
    readonly servers: readonly Server[],
    readonly maxAllowWait: number,
  ) {
    super();
    for (const server of servers) {
      acceptTcpSockets(server, (socket) => this.#serverOnConnection(socket));
      // A failing server (EMFILE while accepting) must not crash the process; it keeps going.
      server.on('error', () => {});
    }
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get pendingCount(): number {
    return this.#queue.length;
  }

  /** Puts the listener under `custodian`, whose shutdown closes it; raises if it is shut down. */
  manageBy(who: string, custodian: Custodian): void {
    custodian.manage(who, this);
    this.#custodian = custodian;
  }

  custodianShutdown(): void {
    this.close();
  }

  /** `socket` has its `'error'` listener: an error while queued is kept for its ports. */
  #serverOnConnection(socket: Socket): void {
    if (this.#closed) {
      endUnaccepted(socket);
      return;
    }
    if (this.#queue.length >= Math.max(this.maxAllowWait, 1)) {
      this.refuse(socket);
      return;
    }
    this.#queue.push(socket);
    this.#waiters.wakeAll();
  }

  /** Takes the oldest waiting connection, if any (the commit step of an accept). */
  take(): Socket | undefined {
    return this.#queue.shift();
  }

  /** Stops listening; unaccepted clients get EOF; accepted connections live on. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    this.closeServers();
    for (const socket of this.#queue.splice(0)) endUnaccepted(socket);
    this.#waiters.wakeAll();
  }

  /** The listener as an event: ready when an accept would not block (or it is closed). */
  poll(): L | NotReady {
    return this.#closed || this.#queue.length > 0 ? (this as unknown as L) : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }

  /** Raises the listener's "closed" error (as `who`) if it is closed. */
  abstract checkOpen(who: string): void;

  /** Raises (as `who`) if `custodian`, the one an accept's ports would go to, is shut down. */
  abstract checkAcceptCustodian(who: string, custodian: Custodian): void;

  /** The ports of a connection an accept took, under `custodian`. */
  abstract acceptedPorts(
    who: string,
    socket: Socket,
    custodian: Custodian,
  ): [InputPort, OutputPort];

  /** Ends a client that arrives while the queue is full. */
  protected abstract refuse(socket: Socket): void;

  /** Closes the servers (once, from `close`). */
  protected abstract closeServers(): void;
}

/**
 * Ends a connection nobody accepted with EOF rather than a reset: FIN, then read and discard
 * whatever the client still sends (destroying a socket with unread bytes would send RST), and
 * release it once the client closes its side, or after a grace period.
 */
function endUnaccepted(socket: Socket): void {
  socket.unref();
  socket.end();
  socket.resume();
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), CLOSE_LINGER_MS).unref();
}

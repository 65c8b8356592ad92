/**
 * The UDP socket (`udp?`): Racket's state flags, the Node `dgram` socket under it, the receive
 * queue, the option values and the custodian registration.
 *
 * The Node socket is made lazily, when the socket first binds: explicitly (`udpBind`) or
 * implicitly (a send or a connect on an unbound socket binds it to an ephemeral port, as the
 * kernel does for Racket). Node fixes `reuseAddr` when a socket is created and would bind
 * implicitly on its own terms, so making it earlier could not honour `udpBind`'s `reuse`.
 *
 * Every Node call racket-net makes here completes synchronously: the Node socket is given a
 * `lookup` that answers at once (addresses are always numeric by then), which makes Node's
 * `bind`, `connect` and `send` act before they return. So an event's `poll` can bind and send
 * in the one synchronous step that commits it.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import '../custodian/dispose-symbols.js';
import { type Unwatch, type Waiter, WaiterSet } from '../evt/evt.js';
import { OperationQueue } from '../evt/ordered-ops.js';
import { racketPrint } from '../exn/print.js';
import { check } from '../exn/raise.js';
import { type ByteRange } from '../network/bytes.js';
import { udpClosedError } from '../network/errors.js';
import { type Family, wildcardAddress } from './family.js';
import { OptionValues } from './option-values.js';
import { ReceiveQueue } from './receive-queue.js';

/** A numeric address and a port. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** How a send handed to Node ended: `null` (sent), Node's error, or cut short by a close. */
export type SendOutcome = null | Error | typeof CLOSED_WHILE_SENDING;
export const CLOSED_WHILE_SENDING: unique symbol = Symbol('closed while sending');

/**
 * Node's `lookup` hook, answering at once: racket-net resolves names itself beforehand. Node
 * passes the socket's family (4 or 6) as `family`, which is the answer: a v4-mapped address is
 * an IPv6 address to an IPv6 socket. No parsing, since every send goes through here.
 */
function numericLookup(
  address: string,
  family: unknown,
  callback: (error: null, address: string, family: number) => void,
): void {
  callback(null, address, family === 4 || family === 6 ? family : isIPv6(address) ? 6 : 4);
}

/** A blocked receive (see `ReceiveEvt`): where its datagram goes, and its sync's waiter. */
export interface Receiver {
  readonly window: ByteRange;
  readonly waiter: Waiter;
}

/** Told how a send handed to Node ended (see `Udp.transmit`). */
export interface SendCompletion {
  sendDone(outcome: SendOutcome): void;
}

/** Told how a connect handed to Node ended (see `Udp.connectSystemSocket`). */
export interface ConnectCompletion {
  /** `null`: connected; otherwise Node's error. */
  connectDone(failure: unknown): void;
}

/**
 * A UDP socket (`udp?`), made by `udpOpenSocket`; it belongs to the custodian current then.
 * Work with it through the functions of `racket-net/udp`. (How it stands on `node:dgram`: see
 * the top of this file.)
 *
 * @opaque
 */
export class Udp implements Managed {
  readonly family: Family;
  /** Racket's `udp-bound?` flag: set by `udpBind` and by any send, not by a connect. */
  bound = false;
  connected = false;
  /** The family datagrams to the connected peer travel in (a v4-mapped peer is IPv4). */
  peerFamily: Family = 4;
  /** A failure reported after the fact (an ICMP refusal), raised by the next send. */
  deferredError: unknown = null;

  /** The socket's operations in call order (see `OperationQueue`). */
  readonly order: OperationQueue;
  readonly receiveQueue = new ReceiveQueue();
  readonly options = new OptionValues();
  /** Syncs waiting for a datagram (or the close). */
  readonly receiveWaiters = new WaiterSet();
  /** The blocked receives among them, oldest first: an arriving datagram goes to the first. */
  readonly receivers: Receiver[] = [];
  /** Syncs waiting for a send not to block (or the close). */
  readonly sendWaiters = new WaiterSet();

  #node: Socket | null = null;
  #closed = false;
  /** The custodian that manages the socket until it closes. */
  #custodian: Custodian | null;
  /** Waits that need the process kept alive while the socket is otherwise idle. */
  #holds = 0;
  /** While Node binds (synchronously), the errors it reports instead of throwing. */
  #capturing: unknown[] | null = null;
  /**
   * Sends handed to Node whose outcome it has not reported yet, oldest first. Node reports a
   * socket's sends in the order they were made (at once, by `nextTick`, when the system took the
   * datagram; else once libuv's queue, which racket-net never adds to while it is not empty,
   * has sent it), so one callback serves them all.
   */
  readonly #inFlight: SendCompletion[] = [];

  /** Registers with `custodian`; throws if it has been shut down. */
  constructor(family: Family, custodian: Custodian, who: string) {
    this.family = family;
    this.order = new OperationQueue(() => this.sendWaiters.wakeAll());
    custodian.manage(who, this);
    this.#custodian = custodian;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  checkOpen(who: string): void {
    if (this.#closed) throw udpClosedError(who, this);
  }

  /** Whether the system socket exists (and so is bound, explicitly or not). */
  get hasSystemSocket(): boolean {
    return this.#node !== null;
  }

  /** The Node socket, for the option setters; `null` until the socket binds. */
  get systemSocket(): Socket | null {
    return this.#node;
  }

  /**
   * Creates the system socket and binds it; returns the error if that fails (the socket then
   * stays without one, so a later bind can try again, with another `reuse` too).
   */
  bindSystemSocket(address: string, port: number, reuse: boolean): unknown {
    const node = createSocket({
      type: this.family === 4 ? 'udp4' : 'udp6',
      reuseAddr: reuse,
      lookup: numericLookup as never,
    });
    // From birth, so that no asynchronous error (an ICMP refusal) can crash the process.
    node.on('error', this.#onError);
    node.on('message', this.#onMessage);
    this.#capturing = [];
    try {
      node.bind({ port, address, exclusive: true });
    } catch (error) {
      this.#capturing.push(error);
    }
    const failure = this.#capturing[0] ?? null;
    this.#capturing = null;
    if (failure !== null) {
      node.removeListener('message', this.#onMessage);
      try {
        node.close();
      } catch {
        // Already closed by the failure: nothing more to release.
      }
      return failure;
    }
    this.#node = node;
    if (this.#holds === 0) node.unref();
    this.options.applyTo(node);
    this.updateReceiveLimit();
    return null;
  }

  /**
   * Binds to an ephemeral port, as a send or a connect on an unbound socket does (nothing if the
   * system socket exists); returns the error if that fails, or `null`.
   */
  bindImplicitly(): unknown {
    if (this.#node !== null) return null;
    return this.bindSystemSocket(wildcardAddress(this.family), 0, false);
  }

  /** The receive queue holds what the kernel's receive buffer would. */
  updateReceiveLimit(): void {
    try {
      if (this.#node !== null) this.receiveQueue.limit = this.#node.getRecvBufferSize();
    } catch {
      // Keep the previous bound.
    }
  }

  /** Sends still waiting in the system's queue: a further send would block. */
  sendQueueCount(): number {
    // Nothing in flight, nothing queued: no need to ask libuv.
    if (this.#node === null || this.#inFlight.length === 0) return 0;
    return this.#node.getSendQueueCount();
  }

  /**
   * Hands `data` to the system, to `to` or (when `null`) to the connected peer; the socket must
   * be bound. `completion` is told the send's outcome once Node reports it.
   */
  transmit(data: Uint8Array, to: Endpoint | null, completion: SendCompletion): void {
    const node = this.#node!;
    this.#inFlight.push(completion);
    try {
      if (to === null) node.send(data, this.#onSent);
      else node.send(data, to.port, to.address, this.#onSent);
    } catch (error) {
      // Node threw instead of calling back: this send is the last one in flight.
      this.#inFlight.pop();
      completion.sendDone(error as Error);
    }
  }

  readonly #onSent = (error: Error | null): void => {
    // Nothing in flight: the socket was closed, and its sends were told so then.
    const completion = this.#inFlight.shift();
    if (completion === undefined) return;
    completion.sendDone(error ?? null);
    // A send that found the system's queue busy may go now.
    this.sendWaiters.wakeAll();
  };

  /**
   * For sends nobody waits on (`Nowait`, events): a failure Node reports afterwards is kept and
   * raised by the socket's next send, as Racket reports a refusal on a later send.
   */
  readonly deferFailure: SendCompletion = {
    sendDone: (outcome) => {
      if (outcome !== null && outcome !== CLOSED_WHILE_SENDING && !this.#closed) {
        this.deferredError = outcome;
      }
    },
  };

  /**
   * Connects the system socket (which must exist). Node connects at once and reports in the
   * next tick (at once if it throws): `completion` is told then.
   */
  connectSystemSocket(to: Endpoint, completion: ConnectCompletion): void {
    const node = this.#node!;
    try {
      node.connect(to.port, to.address, (error?: Error) => completion.connectDone(error ?? null));
    } catch (error) {
      completion.connectDone(error);
    }
  }

  /** Undoes a connect (`connect(AF_UNSPEC)`); throws Node's error. */
  disconnectSystemSocket(): void {
    this.#node?.disconnect();
  }

  localEndpoint(): Endpoint {
    if (this.#node === null) return { address: wildcardAddress(this.family), port: 0 };
    const { address, port } = this.#node.address();
    return { address, port };
  }

  peerEndpoint(): Endpoint {
    if (!this.connected || this.#node === null) return { address: '0.0.0.0', port: 0 };
    try {
      const { address, port } = this.#node.remoteAddress();
      return { address, port };
    } catch {
      // Racket tolerates a failed peer lookup on a UDP socket the same way.
      return { address: '0.0.0.0', port: 0 };
    }
  }

  /** Adds `waiter` to `waiters` (one of this socket's sets) and keeps the process alive meanwhile. */
  watch(waiters: WaiterSet, waiter: Waiter): Unwatch {
    const unwatch = waiters.add(waiter);
    const release = this.hold();
    return () => {
      unwatch();
      release();
    };
  }

  /**
   * Keeps the process alive while a thread waits on this socket (a sync watching one of its
   * events), and only then: an idle open socket, like a pending promise, does not.
   */
  hold(): () => void {
    if (++this.#holds === 1) this.#node?.ref();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.#holds === 0) this.#node?.unref();
    };
  }

  custodianShutdown(): void {
    this.close();
  }

  /**
   * `using` / `await using`: closes the socket as {@link udpClose} does (a closed one is fine).
   * Closing never waits, so both kinds of disposal are there.
   */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `await using`: closes the socket; the promise is already settled. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  /** Closes the socket (`udpClose` or a custodian shutdown); unreceived datagrams are discarded. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    const node = this.#node;
    if (node !== null) {
      node.removeListener('message', this.#onMessage);
      try {
        node.close();
      } catch {
        // Node already closed it.
      }
    }
    this.receiveQueue.clear();
    for (const completion of this.#inFlight.splice(0)) completion.sendDone(CLOSED_WHILE_SENDING);
    // Waiting receives and sends poll again, and raise "udp socket is closed".
    this.receiveWaiters.wakeAll();
    this.sendWaiters.wakeAll();
  }

  readonly #onMessage = (data: Buffer, info: RemoteInfo): void => {
    // Queued datagrams go first, and the receives they woke will take them.
    if (this.receiveQueue.isEmpty && this.#handOff(data, info)) return;
    if (this.receiveQueue.offer({ data, address: info.address, port: info.port })) {
      this.receiveWaiters.wakeAll();
    }
  };

  /**
   * Gives the datagram to the oldest blocked receive still undecided, as the result of its sync
   * (`complete`), so that it goes on at once rather than polling again after a wake. The bytes
   * are copied only once the receive is chosen. Says whether one took it.
   */
  #handOff(data: Buffer, info: RemoteInfo): boolean {
    const receivers = this.receivers;
    for (let i = 0; i < receivers.length; i++) {
      const receiver = receivers[i]!;
      const { bstr, start, end } = receiver.window;
      const count = Math.min(data.length, end - start);
      if (receiver.waiter.complete([count, info.address, info.port])) {
        bstr.set(data.subarray(0, count), start);
        // A receive consumes a pending refusal report, as `recvfrom` does for Racket.
        this.deferredError = null;
        return true;
      }
    }
    return false;
  }

  readonly #onError = (error: unknown): void => {
    if (this.#capturing !== null) this.#capturing.push(error);
    // An asynchronous error: the kernel's report of an earlier datagram refused (ICMP), which
    // Racket sees as the failure of a later send.
    else if (!this.#closed) this.deferredError = error;
  };

  [racketPrint](): string {
    return '#<udp>';
  }
}

/** `udp?`. */
/** Whether `v` is a UDP socket, open or closed (Racket: `udp?`). Never raises. */
export const isUdp = (v: unknown): v is Udp => v instanceof Udp;

/** Checks `udp?` (`ExnFailContract`) and returns the socket. */
export function checkUdp(who: string, v: unknown): Udp {
  return check(who, isUdp, 'udp?', v);
}

/**
 * TCP listeners: `tcpListen`, `tcpClose`, `isTcpListener`, and the listener as an event.
 *
 * Node accepts every connection itself, so the listener keeps its own queue of unaccepted
 * connections (`SocketListener`, `socket-listener.ts`): sockets wait there paused (nothing read
 * from them) until `tcpAccept` or a chosen `tcpAcceptEvt` takes one. Like rktio, a listener may
 * hold several servers, one per address (IPv6 ones first, `ipv6Only`), all on the port the
 * first one got.
 *
 * Past `maxAllowWait`: Racket's kernel backlog makes further clients wait in the handshake
 * ("no new client connections can be made"). Node has already completed the handshake, so a
 * client that arrives while `max(maxAllowWait, 1)` connections wait is reset at once
 * (`resetAndDestroy`): the connection is never made, and the queue stays bounded. At least one
 * connection may always wait, as Linux allows one for a backlog of 0.
 */
import { createServer, type ListenOptions, type Server, type Socket } from 'node:net';
import { type Custodian, currentCustodian } from '../custodian/custodian.js';
import { exitIfKilled } from '../context/context.js';
import { syncPrimitive } from '../evt/sync.js';
import { racketPrint } from '../exn/print.js';
import { check, checkNonnegativeInteger, isStringOrFalse, orFalse } from '../exn/raise.js';
import {
  addressResolutionError,
  checkCustodianRunning,
  listenerClosedError,
  listenFailedError,
} from '../network/errors.js';
import { type Outcome, OutcomeEvt } from '../network/outcome-evt.js';
import { checkListenPortNumber } from '../network/port-number.js';
import { type Family, resolveHost } from '../network/resolve.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { SocketListener } from './socket-listener.js';
import { makeTcpPorts } from './tcp-ports.js';

/** Accepted ports are named like Racket's. */
const ACCEPTED_NAME = 'tcp-accepted';

/**
 * A TCP listener (`tcp-listener?`), made by `tcpListen`. As an event it is ready, with itself,
 * when an accept would not block (or it is closed); syncing on it accepts nothing.
 *
 * @opaque
 */
export class TcpListener extends SocketListener<TcpListener> {
  constructor(
    servers: readonly Server[],
    maxAllowWait: number,
    /** `false`: listening on all addresses (reported as `"0.0.0.0"`). */
    readonly hostname: string | false,
  ) {
    super(servers, maxAllowWait);
  }

  /** Raises `listener is closed` (`ExnFailNetwork`, as Racket's reference says) if closed. */
  checkOpen(who: string): void {
    if (this.isClosed) throw listenerClosedError(who);
  }

  /**
   * `await using`: closes the listener as {@link tcpClose} does (a closed one is fine; closing
   * never waits, so the promise is already settled).
   */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  checkAcceptCustodian(who: string, custodian: Custodian): void {
    checkCustodianRunning(who, custodian);
  }

  acceptedPorts(who: string, socket: Socket, custodian: Custodian): [InputPort, OutputPort] {
    return makeTcpPorts(who, socket, ACCEPTED_NAME, custodian);
  }

  /** Past the queue's bound the connection is never made: reset. */
  protected refuse(socket: Socket): void {
    socket.resetAndDestroy();
  }

  protected closeServers(): void {
    closeAll(this.servers);
  }

  [racketPrint](): string {
    return '#<tcp-listener>';
  }
}

/** Whether `v` is a TCP listener, open or closed (Racket: `tcp-listener?`). Never raises. */
export const isTcpListener = (v: unknown): v is TcpListener => v instanceof TcpListener;

/** Checks `tcp-listener?` (`ExnFailContract`) and returns the listener. */
export function checkListener(who: string, v: unknown): TcpListener {
  return check(who, isTcpListener, 'tcp-listener?', v);
}

/**
 * Closes `listener` (Racket: `tcp-close`): it stops listening, and clients it had not accepted
 * get EOF. Connections already accepted are not affected.
 *
 * @throws {@link ExnFailContract} if `listener` is not a TCP listener.
 * @throws {@link ExnFailNetwork} if it is already closed.
 */
export function tcpClose(listener: TcpListener): void {
  const who = 'tcp-close';
  checkListener(who, listener).checkOpen(who);
  listener.close();
}

interface ListenAddress {
  readonly address: string;
  readonly family: Family;
}

/** What Racket's passive getaddrinfo gives for "all addresses". */
const ALL_ADDRESSES: readonly ListenAddress[] = [
  { address: '::', family: 6 },
  { address: '0.0.0.0', family: 4 },
];

/** Errors that mean "no IPv6 here": rktio then listens on the IPv4 addresses only. */
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

/**
 * Listens for TCP connections on `port` (0: an ephemeral port; see {@link tcpAddresses}) at
 * every address of `hostname`, or at all addresses (IPv4 and IPv6) when it is `false` (Racket:
 * `tcp-listen`). At most `max(maxAllowWait, 1)` unaccepted clients wait; a client past that is
 * reset. `reuse` is accepted for Racket's sake: libuv always sets SO_REUSEADDR on Unix
 * listeners. The listener belongs to the current custodian. Its waits (the name lookup, each
 * listen) are `sync`s: a break (if breaks are enabled) or a kill ends them, and closes what was
 * opened.
 *
 * @throws {@link ExnFailContract} if `port` is not in 0–65535, `maxAllowWait` is not a
 *   nonnegative integer or `hostname` is not a string or `false`.
 * @throws {@link ExnFailNetworkErrno} "address-resolution error" if `hostname` does not
 *   resolve, or "listen failed" (e.g. errno 98, the address is in use).
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const listener = await tcpListen(0, 16, true, '127.0.0.1');
 * const [, port] = tcpAddresses(listener, true); // the port picked
 * const [input, output] = await tcpAccept(listener);
 * ```
 */
export async function tcpListen(
  port: number,
  maxAllowWait: number = 4,
  reuse: unknown = false,
  hostname: string | false | null = false,
): Promise<TcpListener> {
  const who = 'tcp-listen';
  checkListenPortNumber(who, port);
  checkNonnegativeInteger(who, maxAllowWait);
  const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
  void reuse;
  const custodian = currentCustodian();
  checkCustodianRunning(who, custodian);

  let addresses: readonly ListenAddress[];
  if (host === false) addresses = ALL_ADDRESSES;
  else {
    const found = await resolveHost(false, host, (errno) =>
      addressResolutionError(who, host, port, errno),
    );
    // rktio creates the IPv6 sockets first, then the IPv4 ones.
    addresses = [...found.filter((a) => a.family === 6), ...found.filter((a) => a.family === 4)];
    exitIfKilled();
  }
  const hasIpv4 = addresses.some((a) => a.family === 4);

  const servers: Server[] = [];
  let boundPort = port;
  let retries = 0;
  for (let i = 0; i < addresses.length; i++) {
    const { address, family } = addresses[i]!;
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
    const outcome = await new ListenAttempt(server, servers).listen({
      host: address,
      port: boundPort,
      ipv6Only: family === 6 && hasIpv4,
      backlog: Math.max(1, Math.min(maxAllowWait, 10000)),
    });
    if (!outcome.ok) {
      const code = (outcome.error as NodeJS.ErrnoException).code ?? '';
      // No IPv6 support: its addresses are ignored, as Racket's reference says (if IPv4 remain).
      if (family === 6 && hasIpv4 && servers.length === 0 && NO_IPV6.has(code)) continue;
      closeAll(servers);
      // Port 0: the port the kernel chose for the first address may be taken on another (by
      // any socket, a client's too); start again on a new one, as rktio does (4 times).
      if (port === 0 && code === 'EADDRINUSE' && retries < LISTEN_RETRIES_ADDRINUSE) {
        retries++;
        servers.length = 0;
        boundPort = 0;
        i = -1;
        continue;
      }
      throw listenFailedError(who, host, port, outcome.error);
    }
    servers.push(server);
    // The port the kernel chose for the first socket is the port of every other one.
    if (boundPort === 0) {
      const bound = server.address();
      if (bound !== null && typeof bound === 'object') boundPort = bound.port;
    }
  }

  const listener = new TcpListener(servers, maxAllowWait, host);
  registerListener(who, listener, custodian, servers);
  return listener;
}

/** How many times a listen on port 0 starts again after `EADDRINUSE` (rktio's count). */
const LISTEN_RETRIES_ADDRINUSE = 4;

/** Closes each of `servers`. */
function closeAll(servers: readonly Server[]): void {
  for (const server of servers) server.close();
}

function registerListener(
  who: string,
  listener: TcpListener,
  custodian: Custodian,
  servers: readonly Server[],
): void {
  try {
    listener.manageBy(who, custodian);
  } catch (error) {
    // The custodian was shut down while we were resolving or binding.
    closeAll(servers);
    throw error;
  }
}

/**
 * One server starting to listen, as an event: ready once Node says it listens, or with the
 * error. A break or a kill while it waits closes it and the servers opened before it (with
 * `closeServers`, by default `server.close()` on each).
 */
export class ListenAttempt extends OutcomeEvt<undefined> {
  #released = false;

  constructor(
    readonly server: Server,
    /** The listener's servers already listening. */
    readonly opened: readonly Server[],
    readonly closeServers: (servers: readonly Server[]) => void = closeAll,
  ) {
    super();
  }

  start(options: ListenOptions): void {
    const server = this.server;
    const onError = (error: Error): void => this.settle({ ok: false, error });
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      this.settle({ ok: true, value: undefined });
    });
  }

  /**
   * Starts listening and waits for Node's answer (the worker of `tcpListen` and
   * `unixSocketListen`). A break, or a kill as Node answered, closes the server and those
   * opened before it, then goes on: nothing is left listening.
   */
  async listen(options: ListenOptions): Promise<Outcome<undefined>> {
    this.start(options);
    try {
      const outcome = await syncPrimitive(false, this);
      exitIfKilled();
      return outcome;
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Closes the server and those opened before it (once). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.closeServers([this.server, ...this.opened]);
  }

  protected override abandoned(): void {
    this.release();
  }
}

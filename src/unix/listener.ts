/**
 * Unix socket listeners: `unixSocketListen`, `unixSocketCloseListener`, `isUnixSocketListener`,
 * and the listener as an event.
 *
 * The listener is TCP's (`SocketListener`): Node accepts every connection and the listener
 * keeps them paused in its own queue, at most `max(backlog, 1)`, until an accept takes one. A
 * client past that is closed at once (a pipe cannot be reset); Racket's kernel backlog would
 * instead fail its connect with EAGAIN, which Node cannot reproduce.
 *
 * The socket file is never removed, as in Racket: libuv unlinks a pipe server's path when it
 * closes it, so the file is kept under a second name (a hard link) across the close and put
 * back (`closeKeepingFile`).
 */
import { existsSync, linkSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { type Custodian, currentCustodian } from '../custodian/custodian.js';
import { racketPrint } from '../exn/print.js';
import { isExactNonnegativeInteger } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { ListenAttempt } from '../tcp/listener.js';
import { SocketListener } from '../tcp/socket-listener.js';
import { makeTcpPorts } from '../tcp/tcp-ports.js';
import {
  bindFailedError,
  unixContractError,
  unixCustodianShutDownError,
  unixListenerClosedError,
  unsupportedPlatformError,
} from './errors.js';
import { socketAddressOf, unixSocketAvailable } from './path.js';

/** Racket's name for the ports of a unix socket connection (`object-name`). */
export const UNIX_PORT_NAME = 'unix-socket';

/**
 * A unix socket listener (`unix-socket-listener?`), made by `unixSocketListen`. As an event
 * it is ready, with itself, when an accept would not block or once it is closed; syncing on it
 * accepts nothing.
 *
 * @opaque
 */
export class UnixSocketListener extends SocketListener<UnixSocketListener> {
  constructor(
    server: Server,
    backlog: number,
    /** The socket's file, kept when the listener closes; `null` for an abstract name. */
    readonly file: string | null,
  ) {
    super([server], backlog);
  }

  checkOpen(who: string): void {
    if (this.isClosed) throw unixListenerClosedError(who);
  }

  /** Racket raises this under one name for every accept (`accept-poll`'s). */
  checkAcceptCustodian(_who: string, custodian: Custodian): void {
    if (custodian.isShutDown) throw unixCustodianShutDownError('unix-socket-accept-evt poll');
  }

  acceptedPorts(who: string, socket: Socket, custodian: Custodian): [InputPort, OutputPort] {
    return makeTcpPorts(who, socket, UNIX_PORT_NAME, custodian, 'unix-socket');
  }

  /** Past the queue's bound: closed (a pipe has no reset), so the client reads EOF. */
  protected refuse(socket: Socket): void {
    socket.destroy();
  }

  protected closeServers(): void {
    closeKeepingFile(this.servers, this.file);
  }

  [racketPrint](): string {
    return '#<unix-socket-listener>';
  }
}

let keepCount = 0;

/**
 * Closes `servers` (one pipe server) but not the socket file at `file`: libuv unlinks it as it
 * closes the server (synchronously, in `uv__pipe_close`), so a hard link keeps it meanwhile and
 * takes its name back. Whatever is at `file` now (ours, or what replaced it) is what stays.
 */
function closeKeepingFile(servers: readonly Server[], file: string | null): void {
  let kept: string | null = null;
  if (file !== null) {
    kept = `${file}.rnet-keep-${process.pid}-${++keepCount}`;
    try {
      linkSync(file, kept);
    } catch {
      kept = null; // Nothing there any more, or no right to link: libuv's unlink fails alike.
    }
  }
  for (const server of servers) server.close();
  if (kept === null) return;
  try {
    renameSync(kept, file!);
  } catch {
    try {
      unlinkSync(kept);
    } catch {
      // Nothing more to do: the link stays under its temporary name.
    }
  }
}

/** Whether `v` is a unix socket listener, open or closed (Racket: `unix-socket-listener?`). */
export const isUnixSocketListener = (v: unknown): v is UnixSocketListener =>
  v instanceof UnixSocketListener;

/** Checks `unix-socket-listener?` as `who`'s argument (blame-style `ExnFailContract`). */
export function checkUnixListener(who: string, v: unknown): UnixSocketListener {
  if (!isUnixSocketListener(v)) throw unixContractError(who, 'unix-socket-listener?', v, 1);
  return v;
}

/**
 * Listens for connections on the unix socket `path` (Racket: `unix-socket-listen`): a path
 * string (the file is created; it must not exist, and is never removed, not even when the
 * listener closes), or on Linux an abstract name (a `Uint8Array` starting with 0). At most
 * `max(backlog, 1)` unaccepted clients wait. The listener belongs to the current custodian,
 * and is an event (ready when an accept would not block, or once closed). Waiting for Node to
 * listen is a `sync`: a break (if breaks are enabled) or a kill ends it.
 *
 * @throws {@link ExnFailContract} if `path` is not a `unix-socket-path?` (see
 *   {@link isUnixSocketPath}: too long, empty…) or `backlog` is not a natural number.
 * @throws {@link ExnFail} `failed to bind socket` with the errno (98 if the file exists, a stale
 *   socket or any other file; 2 if the directory does not), or if the current custodian has
 *   been shut down.
 * @example
 * ```ts
 * const listener = await unixSocketListen('/tmp/app.sock');
 * const [input, output] = await unixSocketAccept(listener);
 * ```
 */
export async function unixSocketListen(
  path: string | Uint8Array,
  backlog: number = 4,
): Promise<UnixSocketListener> {
  const who = 'unix-socket-listen';
  const address = socketAddressOf(path);
  if (address === null) throw unixContractError(who, 'unix-socket-path?', path, 1);
  if (!isExactNonnegativeInteger(backlog)) throw unixContractError(who, 'natural?', backlog, 2);
  if (!unixSocketAvailable) throw unsupportedPlatformError(who);
  // Racket 8.7 makes an unmanaged listener here; racket-net refuses, as `unix-socket-connect`.
  const custodian = currentCustodian();
  if (custodian.isShutDown) throw unixCustodianShutDownError(who);

  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
  const close = (servers: readonly Server[]): void => closeKeepingFile(servers, address.file);
  const outcome = await new ListenAttempt(server, [], close).listen({
    path: address.nodePath,
    backlog: Math.max(1, Math.min(backlog, 10000)),
  });
  // Node reports a failed bind and a failed listen alike; on a unix socket it is the bind.
  if (!outcome.ok) throw bindFailedError(who, path, bindCause(outcome.error, address.file));
  const listener = new UnixSocketListener(server, backlog, address.file);
  if (custodian.isShutDown) {
    listener.close();
    throw unixCustodianShutDownError(who);
  }
  listener.manageBy(who, custodian);
  return listener;
}

/**
 * The errno of a failed bind as the system gave it: libuv turns ENOENT (no such directory) into
 * EACCES "for compatibility with Windows"; Racket reports the system's ENOENT.
 */
function bindCause(error: unknown, file: string | null): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' && file !== null && !existsSync(dirname(file))) {
    return Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  }
  return error;
}

/**
 * Closes `listener` (Racket: `unix-socket-close-listener`): it stops listening, and clients it
 * had not accepted get EOF; connections already accepted live on. The socket file stays. Closing
 * a closed listener does nothing.
 *
 * @throws {@link ExnFailContract} if `listener` is not a unix socket listener.
 */
export function unixSocketCloseListener(listener: UnixSocketListener): void {
  checkUnixListener('unix-socket-close-listener', listener).close();
}

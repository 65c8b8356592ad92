/**
 * One connect attempt of a client socket (to a host and port, or to a unix socket path), as a
 * `sync`: breaks, kills and custodian shutdowns end it, and a socket still connecting then is
 * destroyed.
 */
import { type Socket, type SocketConnectOpts } from 'node:net';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import { syncPrimitive } from '../evt/sync.js';
import { Exn } from '../exn/exn.js';
import { custodianShutDownError } from '../network/errors.js';
import { type Outcome, OutcomeEvt } from '../network/outcome-evt.js';
import {
  connectTcpSocket,
  type ConnectWaiter,
  newClientSocket,
  type TcpSocket,
} from './tcp-socket.js';

/** The error a connect raises when its custodian is shut down while it waits. */
export type ShutDownError = (who: string) => Exn;

/**
 * One connect attempt as an event, ready with the connected socket or the error; also what the
 * custodian manages meanwhile (a shutdown destroys the socket and raises), and what the socket
 * reports its connect to. One object, so that an attempt makes no closures.
 */
class ConnectAttempt extends OutcomeEvt<Socket> implements Managed, ConnectWaiter {
  constructor(
    readonly who: string,
    readonly socket: Socket,
    readonly shutDownError: ShutDownError,
  ) {
    super();
  }

  custodianShutdown(): void {
    this.socket.destroy();
    this.settle({ ok: false, error: this.shutDownError(this.who) });
  }

  socketConnected(socket: TcpSocket): void {
    this.settle({ ok: true, value: socket });
  }

  socketConnectFailed(error: unknown): boolean {
    if (this.isSettled) return false;
    this.settle({ ok: false, error });
    return true;
  }

  /** A break or a kill ended the wait: the socket must not outlive it. */
  protected override abandoned(): void {
    this.socket.destroy();
  }
}

/**
 * Connects a new client socket with `options`; the outcome is the connected socket (paused,
 * for `makeTcpPorts`) or Node's error. A break, a kill or a custodian shutdown while it waits
 * destroys the socket; a shutdown raises `shutDownError(who)` (by default TCP's `the current
 * custodian has been shut down`), as does a custodian shut down already.
 */
export async function connectSocket(
  who: string,
  enableBreak: boolean,
  custodian: Custodian,
  options: SocketConnectOpts,
  shutDownError: ShutDownError = custodianShutDownError,
): Promise<Outcome<Socket>> {
  const socket = newClientSocket();
  const evt = new ConnectAttempt(who, socket, shutDownError);
  if (custodian.isShutDown) {
    socket.destroy();
    throw shutDownError(who);
  }
  custodian.manage(who, evt);
  // Errors settle the attempt until it is over (later ones are kept for the ports).
  connectTcpSocket(socket, options, evt);
  let outcome: Outcome<Socket>;
  try {
    outcome = await syncPrimitive(enableBreak, evt);
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    custodian.unmanage(evt);
    socket.connectWaiter = null;
  }
  if (!outcome.ok) {
    socket.destroy();
    // A custodian shutdown is not a failure to try the next address over.
    if (outcome.error instanceof Exn) throw outcome.error;
  }
  return outcome;
}

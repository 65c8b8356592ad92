/**
 * A connected `net.Socket` as a pair of Racket ports (Racket's `open-input-output-tcp`): the
 * ports of a `TcpConnection` (see `tcp-connection.ts` for its pieces).
 *
 * The two ports share the socket the way Racket's share one fd with a reference count:
 *   - closing the output port flushes, then sends FIN (`socket.end()`), while input stays open;
 *   - closing the input port stops delivery (later bytes are read and discarded) while output
 *     stays open: TCP has no "no longer reading" state;
 *   - `tcpAbandonPort` on the output port flushes but sends no FIN while the input is open;
 *   - once both are closed the connection ends (`end()` then `destroy()` once written, as
 *     `close(fd)` does), or at once when a custodian shutdown aborted the output.
 */
import type { Socket } from 'node:net';
import { type Custodian } from '../custodian/custodian.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { managePorts } from '../port/manage.js';
import { TcpConnection } from './tcp-connection.js';
import { TcpInputPort } from './tcp-input.js';
import { TcpOutputPort } from './tcp-output.js';
import { adoptSocket } from './tcp-socket.js';

/**
 * What a connection's ports are: TCP's (`tcp-port?`), or `racket/unix-socket`'s, which share
 * all of TCP's machinery but are not `tcp-port?` and have no addresses, as in Racket.
 */
export type ConnectionKind = 'tcp' | 'unix-socket';

/** A connection over a unix domain socket (its kind is its class: no field per connection). */
class UnixSocketConnection extends TcpConnection {}

/**
 * The connection of a port made by `makeTcpPorts` (a TCP port or a unix-socket port), or
 * `undefined` for any other value.
 */
export function connectionOf(port: unknown): TcpConnection | undefined {
  return port instanceof TcpInputPort || port instanceof TcpOutputPort
    ? port.connection
    : undefined;
}

/** The connection of a TCP port (not a unix-socket one), or `undefined`. */
export function tcpConnectionOf(port: unknown): TcpConnection | undefined {
  const connection = connectionOf(port);
  return connection instanceof UnixSocketConnection ? undefined : connection;
}

/** The kind of a connection made by `makeTcpPorts`. */
export const connectionKind = (connection: TcpConnection): ConnectionKind =>
  connection instanceof UnixSocketConnection ? 'unix-socket' : 'tcp';

/**
 * Whether `v` is a port of a TCP connection, open or closed (Racket: `tcp-port?`); unix-socket
 * ports are not. Never raises.
 */
export const isTcpPort = (v: unknown): boolean => tcpConnectionOf(v) !== undefined;

/**
 * Makes the two ports of a connected `socket` (from a connect or an accept, see
 * `tcp-socket.ts`) and puts them under `custodian`. If the custodian has been shut down, the
 * socket is destroyed and the error raised. `kind`: `'unix-socket'` for a socket over a path.
 */
export function makeTcpPorts(
  who: string,
  socket: Socket,
  name: string,
  custodian: Custodian,
  kind: ConnectionKind = 'tcp',
): [InputPort, OutputPort] {
  const connection =
    kind === 'tcp' ? new TcpConnection(socket, name) : new UnixSocketConnection(socket, name);
  ownConnection(who, socket, connection, custodian);
  return [connection.input, connection.output];
}

/**
 * Puts `connection`'s ports under `custodian`, then hands it `socket` (the worker of
 * `makeTcpPorts` and ssl's `makeSslPorts`). If the custodian has been shut down, the socket is
 * destroyed and the error raised.
 */
export function ownConnection(
  who: string,
  socket: Socket,
  connection: TcpConnection,
  custodian: Custodian,
): void {
  try {
    managePorts(who, [connection.input, connection.output], custodian);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  adoptSocket(socket, connection);
}

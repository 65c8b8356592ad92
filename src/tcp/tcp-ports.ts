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

/** The connection of a TCP port, or `undefined` for any other value. */
export function connectionOf(port: unknown): TcpConnection | undefined {
  return port instanceof TcpInputPort || port instanceof TcpOutputPort
    ? port.connection
    : undefined;
}

/**
 * Whether `v` is a port of a TCP connection, open or closed (Racket: `tcp-port?`). Never
 * raises.
 */
export const isTcpPort = (v: unknown): boolean => connectionOf(v) !== undefined;

/**
 * Makes the two ports of a connected `socket` (from a connect or an accept, see
 * `tcp-socket.ts`) and puts them under `custodian`. If the custodian has been shut down, the
 * socket is destroyed and the error raised.
 */
export function makeTcpPorts(
  who: string,
  socket: Socket,
  name: string,
  custodian: Custodian,
): [InputPort, OutputPort] {
  const connection = new TcpConnection(socket, name);
  try {
    managePorts(who, [connection.input, connection.output], custodian);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  adoptSocket(socket, connection);
  return [connection.input, connection.output];
}

/**
 * Taking a connected socket back from its ports, for STARTTLS (`portsToSslPorts` runs TLS over
 * the socket itself, which is faster than over the ports, and what Racket's peers expect).
 */
import type { Socket } from 'node:net';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { TcpConnection } from './tcp-connection.js';

/** The connection of a port made over `TcpConnection` (TCP's, or another kind's), if any. */
export function socketConnectionOf(port: unknown): TcpConnection | undefined {
  const connection = (port as { connection?: unknown } | null)?.connection;
  return connection instanceof TcpConnection ? connection : undefined;
}

/**
 * Takes the socket of `input` and `output` (the two open ports of one connection) back from
 * them: the ports are closed without acting on the socket (no FIN), and the bytes already
 * read into the input port are given back to the socket (`unshift`), so that the next owner
 * reads them first. `output` should be flushed first: what it still buffers is dropped.
 * Answers `undefined` (and changes nothing) if the ports are not such a pair.
 */
export function detachSocket(input: InputPort, output: OutputPort): Socket | undefined {
  const connection = socketConnectionOf(input);
  if (
    connection === undefined ||
    socketConnectionOf(output) !== connection ||
    connection.input !== input ||
    connection.output !== output ||
    input.isClosed ||
    output.isClosed ||
    connection.isDetached
  ) {
    return undefined;
  }
  const socket = connection.detach();
  const buffered: Uint8Array[] = [];
  // Only what is buffered: an end or an error still pending is not taken (nor raised).
  while (input.bufferedBytes > 0) {
    const bytes = input.takeAvail('detach', input.bufferedBytes);
    if (!(bytes instanceof Uint8Array)) break;
    buffered.push(bytes);
  }
  input.close();
  output.abort();
  if (buffered.length > 0) socket.unshift(Buffer.concat(buffered));
  return socket;
}

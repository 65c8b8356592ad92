/**
 * A TCP connection: a connected socket and its two ports (Racket's `open-input-output-tcp`).
 *
 * Four pieces, one job each:
 *   - `TcpConnection` (here) owns the socket: it hears the socket's bytes and events and passes
 *     them to the ports, keeps the close state, and ends the socket when both ports are closed;
 *   - its input port's source, `TcpSource` (`tcp-input.ts`): the socket's reading half;
 *   - its output port's sink, `TcpSink` (`tcp-output.ts`): the socket's writing half, and
 *     TCP_NODELAY;
 *   - the half-close state machine (`close-state.ts`): how each side closes, and what that
 *     asks of the socket.
 * Socket errors become exceptions raised by the next read or write, never crashes.
 */
import type { Socket } from 'node:net';
import { streamReadError, streamWriteError } from '../network/errors.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import * as close from './close-state.js';
import { TcpInputPort, TcpSource } from './tcp-input.js';
import { TcpOutputPort, TcpSink } from './tcp-output.js';
import {
  releaseSocket,
  type SocketAddresses,
  type SocketOwner,
  socketAddresses,
} from './tcp-socket.js';

/**
 * How a connection makes its two ports: TCP's own, or another kind of port over the same
 * machinery (TLS ports over a `TLSSocket`, which are not `tcp-port?`).
 */
export interface ConnectionPorts {
  input(name: string, source: TcpSource): InputPort;
  output(name: string, sink: TcpSink): OutputPort;
}

const TCP_PORTS: ConnectionPorts = {
  input: (name, source) => new TcpInputPort(name, source),
  output: (name, sink) => new TcpOutputPort(name, sink),
};

/** Both ports of one connection, over the socket it owns. */
export class TcpConnection implements SocketOwner, close.CloseState {
  readonly input: InputPort;
  readonly output: OutputPort;
  inputState: close.InputState = 'open';
  outputState: close.OutputState = 'open';
  /** The socket was handed to another owner (`detach`): the ports no longer touch it. */
  #detached = false;

  /** Makes the ports; the socket is the connection's once it adopts it (see `makeTcpPorts`). */
  constructor(
    readonly socket: Socket,
    name: string,
    ports: ConnectionPorts = TCP_PORTS,
  ) {
    this.input = ports.input(name, new TcpSource(this));
    this.output = ports.output(name, new TcpSink(this));
  }

  get isDetached(): boolean {
    return this.#detached;
  }

  /**
   * Takes the socket back from the ports (STARTTLS: TLS is run over it next): the connection
   * stops hearing it and the ports, closed by the caller, no longer act on it.
   */
  detach(): Socket {
    this.#detached = true;
    releaseSocket(this.socket);
    return this.socket;
  }

  /** The connection's addresses, as they were while it was open. */
  get addresses(): SocketAddresses {
    return socketAddresses(this.socket);
  }

  /** Both ports are closed: nobody can ask for the addresses any more. */
  get finished(): boolean {
    return close.isFinished(this);
  }

  // --- closing (see `close-state.ts`) ---------------------------------------------------------

  closeInput(): void {
    this.#act(close.closeInput(this));
  }

  /** Called by `tcpAbandonPort` before it closes the output port: that close sends no FIN. */
  abandonOutput(): void {
    close.abandonOutput(this);
  }

  startClosingOutput(): void {
    close.startClosingOutput(this);
  }

  endOutput(): void {
    this.#act(close.endOutput(this));
  }

  abortOutput(): void {
    this.#act(close.abortOutput(this));
  }

  #act(action: close.CloseAction): void {
    const socket = this.socket;
    if (action === 'none' || this.#detached) return;
    if (action === 'fin') {
      if (!socket.destroyed) socket.end();
      return;
    }
    // Both ports closed: the connection ends, as when Racket closes the shared fd. Nothing
    // keeps the process alive for a connection no port refers to any more.
    socket.unref();
    if (socket.destroyed) return;
    if (action === 'destroy') {
      socket.destroy();
      return;
    }
    // Written bytes still go out, then FIN (if not sent yet), then the socket is released.
    socket.end();
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', destroySocket);
  }

  // --- the socket's owner ---------------------------------------------------------------------

  socketRead(bytes: Uint8Array, lent: boolean): void {
    if (lent) this.input.pushBorrowed(bytes);
    else this.input.push(bytes);
  }

  socketEnded(): void {
    this.input.pushEof();
  }

  socketFailed(error: unknown): void {
    const syscall = (error as NodeJS.ErrnoException).syscall;
    // A failed write (EPIPE) leaves reads to EOF; a failed read (a reset) is raised by the
    // next read, as Racket does ("error reading from stream port"), and by the next write.
    if (syscall !== 'write') this.input.pushError(streamReadError(error));
    else this.input.pushEof();
    this.failOutput(error);
  }

  socketDrained(): void {
    this.output.sinkReady();
  }

  socketClosed(): void {
    // Destroyed without an error the ports saw (e.g. by us): readers see EOF.
    this.input.pushEof();
    this.output.sinkReady();
  }

  /** The next write (or the one waiting) raises `error`. */
  failOutput(error: unknown): void {
    this.output.sinkFailed(streamWriteError(error));
  }
}

function destroySocket(this: Socket): void {
  this.destroy();
}

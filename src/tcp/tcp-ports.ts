/**
 * A connected `net.Socket` as a pair of Racket ports (Racket's `open-input-output-tcp`).
 *
 * The two ports share the socket the way Racket's share one fd with a reference count:
 *   - closing the output port flushes, then sends FIN (`socket.end()`), while input stays open;
 *   - closing the input port stops delivery (later bytes are read and discarded) while output
 *     stays open: TCP has no "no longer reading" state;
 *   - `tcpAbandonPort` on the output port flushes but sends no FIN while the input is open;
 *   - once both are closed the connection ends (`end()` then `destroy()` once written, as
 *     `close(fd)` does), or at once when a custodian shutdown aborted the output.
 * Socket errors become exceptions raised by the next read or write, never crashes.
 */
import type { Socket } from 'node:net';
import { type Custodian } from '../custodian/custodian.js';
import { streamReadError, streamWriteError } from '../network/errors.js';
import { InputPort, type InputSource } from '../port/input-port.js';
import { type OutputBufferMode, OutputPort, type OutputSink } from '../port/output-port.js';
import { managePorts } from '../port/manage.js';
import { readAddresses, type SocketAddresses, type SocketOwner, TcpSocket } from './tcp-socket.js';

/** The sink's room when Node's write buffer is below its high-water mark: any write fits. */
const SINK_ROOM = 1 << 30;

/**
 * Bytes an input port buffers before it pauses the socket: several of Node's 64 KiB reads, so
 * that a reader keeping up never pauses and resumes the socket at every read.
 */
const HIGH_WATER = 256 * 1024;

/**
 * Both ports of one connection, and how each was closed; also the input port's source and the
 * output port's sink (one object per connection, not three).
 */
export class TcpConnection implements SocketOwner, InputSource, OutputSink {
  readonly input: InputPort;
  readonly output: OutputPort;
  /** What has happened to the connection: bits (`INPUT_CLOSED`…), one field for eight. */
  #state = NO_DELAY_WANTED;

  constructor(
    readonly socket: Socket,
    name: string,
  ) {
    if (!(socket instanceof TcpSocket)) addressesRead.set(this, readAddresses(socket));
    this.input = new TcpInputPort(name, this);
    this.output = new TcpOutputPort(name, this);
  }

  /** The connection's addresses, as they were while it was open. */
  get addresses(): SocketAddresses {
    return addressesRead.get(this) ?? (this.socket as TcpSocket).addresses;
  }

  // --- the input port's source ------------------------------------------------------------------

  resume(): void {
    if (!this.socket.destroyed) this.socket.resume();
  }

  pause(): void {
    if (!this.#has(INPUT_CLOSED)) this.socket.pause();
  }

  close(): void {
    this.#state |= INPUT_CLOSED;
    // Keep reading (and discarding, the port drops what arrives) so the peer never stalls.
    if (!this.socket.destroyed) this.socket.resume();
    this.#maybeFinish();
  }

  // --- the output port's sink ----------------------------------------------------------------

  /**
   * Room while Node's queue is below its high-water mark. A write of at least the mark that
   * Node cannot finish at once keeps its queue at or above it until Node lets go of the bytes,
   * so such writes can be lent rather than copied (see `OutputSink.lendAt`).
   */
  room(): number {
    const socket = this.socket;
    return socket.writableLength < socket.writableHighWaterMark ? SINK_ROOM : 0;
  }

  lendAt(): number {
    return this.socket.writableHighWaterMark;
  }

  /**
   * Racket: TCP_NODELAY is on exactly while the output port is block-buffered. It is set at
   * the first write after a change: a connection that never writes needs no system call.
   */
  bufferModeChanged(mode: OutputBufferMode): void {
    if (mode === 'block') this.#state |= NO_DELAY_WANTED;
    else this.#state &= ~NO_DELAY_WANTED;
  }

  /**
   * The output port is closing: its last bytes are followed by a FIN, which sends them at once
   * whatever TCP_NODELAY says, so that option is left as it is (no system call).
   */
  closing(): void {
    if (!this.#has(ABANDON_OUTPUT)) this.#state |= FIN_FOLLOWS;
  }

  write(chunk: Uint8Array): void {
    if (this.socket.destroyed) {
      // The connection is gone (reset, or an error already reported): this write fails.
      this.#failOutput(Object.assign(new Error('destroyed'), { code: 'EPIPE' }));
      return;
    }
    const wanted = this.#has(NO_DELAY_WANTED);
    if (
      !this.#has(FIN_FOLLOWS) &&
      (!this.#has(NO_DELAY_SET) || this.#has(NO_DELAY_ON) !== wanted)
    ) {
      this.#state = (this.#state & ~NO_DELAY_ON) | NO_DELAY_SET | (wanted ? NO_DELAY_ON : 0);
      this.socket.setNoDelay(wanted);
    }
    this.socket.write(chunk);
  }

  /** A write Node usually completes at once (a flush): then Node's queue is empty again. */
  writeBuffer(view: Uint8Array): boolean {
    this.write(view);
    return this.socket.writableLength === 0;
  }

  end(): void {
    this.#state |= OUTPUT_CLOSED;
    if (!this.#has(ABANDON_OUTPUT) && !this.socket.destroyed) this.socket.end();
    this.#maybeFinish();
  }

  abort(): void {
    this.#state |= OUTPUT_CLOSED | OUTPUT_ABORTED;
    this.#maybeFinish();
  }

  /** Called by `tcpAbandonPort` before it closes the output port: that close sends no FIN. */
  abandonOutput(): void {
    this.#state |= ABANDON_OUTPUT;
  }

  /** Both ports are closed: nobody can ask for the addresses any more. */
  get finished(): boolean {
    return this.#has(FINISHED);
  }

  #has(bit: number): boolean {
    return (this.#state & bit) !== 0;
  }

  /** Both ports closed: the connection ends, as when Racket closes the shared fd. */
  #maybeFinish(): void {
    if (!this.#has(INPUT_CLOSED) || !this.#has(OUTPUT_CLOSED) || this.#has(FINISHED)) return;
    this.#state |= FINISHED;
    const socket = this.socket;
    // Nothing keeps the process alive for a connection no port refers to any more.
    socket.unref();
    if (socket.destroyed) return;
    if (this.#has(OUTPUT_ABORTED)) {
      socket.destroy();
      return;
    }
    // Written bytes still go out, then FIN (if not sent yet), then the socket is released.
    socket.end();
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', destroySocket);
  }

  #failOutput(err: unknown): void {
    this.output.sinkFailed(streamWriteError(err));
  }

  /**
   * Wires the socket to the ports. Its `'error'` listener is there from birth (see
   * `onTcpSocketError`) and passes errors to the ports from now on.
   */
  attach(): void {
    const socket = this.socket as ConnectedSocket & EarlySocket;
    const pendingError = socket[EARLY_ERROR] ?? null;
    // Shared listeners (Node calls them with the socket as `this`): no closures per connection.
    if (socket instanceof TcpSocket) socket.owner = this;
    else {
      socket[CONNECTION] = this;
      socket.on('data', onSocketData);
      socket.on('end', onSocketEnd);
    }
    socket.on('drain', onSocketDrain);
    socket.on('close', onSocketClose);
    if (pendingError !== null) this.socketOnError(pendingError);
    else if (socket.destroyed || socket.readableEnded) this.input.pushEof();
    // Accepted sockets wait paused; reading starts now (the port pauses when full).
    socket.resume();
  }

  /** Bytes read into the shared buffer (see `tcp-socket.ts`). */
  socketRead(bytes: Uint8Array): void {
    this.input.pushBorrowed(bytes);
  }

  socketEnded(): void {
    this.input.pushEof();
  }

  socketOnError(err: unknown): void {
    const syscall = (err as NodeJS.ErrnoException).syscall;
    // A failed write (EPIPE) leaves reads to EOF; a failed read (a reset) is raised by the
    // next read, as Racket does ("error reading from stream port"), and by the next write.
    if (syscall !== 'write') {
      this.input.pushError(streamReadError(err));
    } else this.input.pushEof();
    this.#failOutput(err);
  }
}

/** The connection of a socket that is not a `TcpSocket` (a `TcpSocket` has `owner`). */
const CONNECTION = Symbol('racket-net connection');
type ConnectedSocket = Socket & { [CONNECTION]?: TcpConnection };

const connectionOfSocket = (socket: ConnectedSocket): TcpConnection | undefined =>
  socket instanceof TcpSocket
    ? ((socket.owner as TcpConnection | null) ?? undefined)
    : socket[CONNECTION];

/**
 * The addresses of a connection whose socket is not a `TcpSocket` (Node's own, when the server
 * hook is missing), read at once: Node forgets them when the socket closes.
 */
const addressesRead = new WeakMap<TcpConnection, SocketAddresses>();

/** Bits of `TcpConnection.#state`. */
const INPUT_CLOSED = 1;
const OUTPUT_CLOSED = 2;
/** The output was closed without flushing (custodian shutdown): end the connection hard. */
const OUTPUT_ABORTED = 4;
const ABANDON_OUTPUT = 8;
const FINISHED = 16;
/** TCP_NODELAY as the buffer mode wants it; whether it has been set; to what. */
const NO_DELAY_WANTED = 32;
const NO_DELAY_SET = 64;
const NO_DELAY_ON = 128;
/** The output port is closing and not abandoned: its last writes go out with a FIN. */
const FIN_FOLLOWS = 256;

function destroySocket(this: Socket): void {
  this.destroy();
}

const EARLY_ERROR = Symbol('racket-net early error');
type EarlySocket = Socket & { [EARLY_ERROR]?: unknown };

/**
 * The `'error'` listener of every TCP socket, from birth to the end: once the socket has ports,
 * they get its errors; before (waiting to be accepted, or connected but not handed over yet)
 * the first error is kept for them to raise. One shared function, never removed: a listener may
 * hold thousands of sockets, and removing a listener turns Node's table of them into a slow
 * dictionary.
 */
export function onTcpSocketError(this: ConnectedSocket & EarlySocket, err: unknown): void {
  const connection = connectionOfSocket(this);
  if (connection !== undefined) connection.socketOnError(err);
  else this[EARLY_ERROR] ??= err;
}

function onSocketData(this: ConnectedSocket, chunk: Buffer): void {
  this[CONNECTION]!.input.push(chunk);
}
function onSocketEnd(this: ConnectedSocket): void {
  this[CONNECTION]!.input.pushEof();
}
function onSocketDrain(this: ConnectedSocket): void {
  connectionOfSocket(this)!.output.sinkReady();
}
function onSocketClose(this: ConnectedSocket): void {
  // Destroyed without an error the ports saw (e.g. by us): readers see EOF.
  const connection = connectionOfSocket(this)!;
  connection.input.pushEof();
  connection.output.sinkReady();
}

/** The ports of a TCP connection know it (a field costs less than a `WeakMap` entry). */
class TcpInputPort extends InputPort {
  constructor(name: string, connection: TcpConnection) {
    super(name, connection, { bufferMode: 'block', highWater: HIGH_WATER });
  }
  /** The connection is the port's source. */
  get connection(): TcpConnection {
    return this.source as TcpConnection;
  }
}

class TcpOutputPort extends OutputPort {
  constructor(name: string, connection: TcpConnection) {
    super(name, connection, 'block');
  }
  /** The connection is the port's sink. */
  get connection(): TcpConnection {
    return this.sink as TcpConnection;
  }
}

/** The connection of a TCP port, or `undefined` for any other value. */
export function connectionOf(port: unknown): TcpConnection | undefined {
  return port instanceof TcpInputPort || port instanceof TcpOutputPort
    ? port.connection
    : undefined;
}

/** `tcp-port?`: a port made by `tcpConnect` or an accept (still one once closed). */
/**
 * Whether `v` is a port of a TCP connection, open or closed (Racket: `tcp-port?`). Never
 * raises.
 */
export const isTcpPort = (v: unknown): boolean => connectionOf(v) !== undefined;

/**
 * Makes the two ports of a connected `socket` and puts them under `custodian`. `socket` must
 * already have its `'error'` listener (see `onTcpSocketError`).
 * If the custodian has been shut down, the socket is destroyed and the error raised.
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
  connection.attach();
  return [connection.input, connection.output];
}

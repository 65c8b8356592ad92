/**
 * The output side of a TCP connection: its port, and the port's sink (the socket's writing
 * half, and TCP_NODELAY).
 */
import { type OutputBufferMode, OutputPort, type OutputSink } from '../port/output-port.js';
import { isFinFollowing } from './close-state.js';
import type { TcpConnection } from './tcp-connection.js';
import { ANY_WRITE_FITS } from '../port/output-sink.js';

/** The output port's sink: writing to the connection's socket. */
export class TcpSink implements OutputSink {
  /** TCP_NODELAY as the buffer mode wants it (see `bufferModeChanged`). */
  #noDelayWanted = true;
  /** TCP_NODELAY as last set on the socket; `null` until then. */
  #noDelaySet: boolean | null = null;

  constructor(readonly connection: TcpConnection) {}

  /**
   * Room while Node's queue is below its high-water mark. A write of at least the mark that
   * Node cannot finish at once keeps its queue at or above it until Node lets go of the bytes,
   * so such writes can be lent rather than copied (see `OutputSink.lendAt`).
   */
  room(): number {
    const socket = this.connection.socket;
    return socket.writableLength < socket.writableHighWaterMark ? ANY_WRITE_FITS : 0;
  }

  lendAt(): number {
    return this.connection.socket.writableHighWaterMark;
  }

  /**
   * Racket: TCP_NODELAY is on exactly while the output port is block-buffered. It is set at
   * the first write after a change: a connection that never writes needs no system call.
   */
  bufferModeChanged(mode: OutputBufferMode): void {
    this.#noDelayWanted = mode === 'block';
  }

  write(chunk: Uint8Array): void {
    const connection = this.connection;
    const socket = connection.socket;
    if (socket.destroyed) {
      // The connection is gone (reset, or an error already reported): this write fails.
      connection.failOutput(Object.assign(new Error('destroyed'), { code: 'EPIPE' }));
      return;
    }
    const wanted = this.#noDelayWanted;
    // The last bytes before a FIN go out at once whatever the option says: no system call.
    if (this.#noDelaySet !== wanted && !isFinFollowing(connection)) {
      this.#noDelaySet = wanted;
      socket.setNoDelay(wanted);
    }
    socket.write(chunk);
  }

  /** A write Node usually completes at once (a flush): then Node's queue is empty again. */
  writeBuffer(view: Uint8Array): boolean {
    this.write(view);
    return this.connection.socket.writableLength === 0;
  }

  closing(): void {
    this.connection.startClosingOutput();
  }

  end(): void {
    this.connection.endOutput();
  }

  abort(): void {
    this.connection.abortOutput();
  }
}

/** A TCP output port knows its connection through its sink (no field, no `WeakMap` entry). */
export class TcpOutputPort extends OutputPort {
  constructor(name: string, sink: TcpSink) {
    super(name, sink, 'block');
  }

  get connection(): TcpConnection {
    return (this.sink as TcpSink).connection;
  }
}

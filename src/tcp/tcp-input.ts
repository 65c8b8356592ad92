/**
 * The input side of a TCP connection: its port, and the port's source (the socket's reading
 * half).
 */
import { InputPort, type InputSource } from '../port/input-port.js';
import type { TcpConnection } from './tcp-connection.js';

/**
 * Bytes an input port buffers before it pauses the socket: several of Node's 64 KiB reads, so
 * that a reader keeping up never pauses and resumes the socket at every read.
 */
const HIGH_WATER = 256 * 1024;

/** The input port's source: the connection's socket, paused while the port is full. */
export class TcpSource implements InputSource {
  constructor(readonly connection: TcpConnection) {}

  resume(): void {
    const connection = this.connection;
    if (!connection.socket.destroyed && !connection.isDetached) connection.socket.resume();
  }

  pause(): void {
    const connection = this.connection;
    if (connection.inputState === 'open' && !connection.isDetached) connection.socket.pause();
  }

  close(): void {
    const connection = this.connection;
    // Keep reading (and discarding, the port drops what arrives) so the peer never stalls.
    this.resume();
    connection.closeInput();
  }
}

/** A TCP input port knows its connection through its source (no field, no `WeakMap` entry). */
export class TcpInputPort extends InputPort {
  constructor(name: string, source: TcpSource) {
    super(name, source, { bufferMode: 'block', highWater: HIGH_WATER });
  }

  get connection(): TcpConnection {
    return (this.source as TcpSource).connection;
  }
}

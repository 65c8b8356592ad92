/**
 * TLS ports: the two ports of a `TLSSocket`, made by TCP's own machinery (`TcpConnection`, its
 * source and sink: reads, peeks, events, line modes and custodians all work as on TCP ports),
 * but with Racket's SSL port behaviour:
 *   - named `SSL <name of the original input port>` (`SSL localhost`, `SSL tcp-accepted`);
 *   - the input port reports no buffer mode (`false`), the output port `'block'` yet writes
 *     through: every write goes to `tlsSocket.write` at once, as Racket's SSL ports do;
 *   - closing one port sends nothing; once both are closed the socket ends (`end()`, which adds
 *     TLS's close_notify, then `destroy()`); with `shutdownOnClose`, closing the output port
 *     sends close_notify and FIN at once;
 *   - OpenSSL's errors after the handshake raise `read-bytes: SSL read failed (…)` and
 *     `write-bytes: SSL write failed (…)`; system errors (a reset) raise TCP's messages.
 */
import type { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type Custodian } from '../custodian/custodian.js';
import { Exn } from '../exn/exn.js';
import { networkError } from '../exn/raise.js';
import { InputPort } from '../port/input-port.js';
import { type OutputBufferMode, OutputPort } from '../port/output-port.js';
import { type ConnectionPorts, TcpConnection } from '../tcp/tcp-connection.js';
import { type TcpSource } from '../tcp/tcp-input.js';
import { type TcpSink } from '../tcp/tcp-output.js';
import { ownConnection } from '../tcp/tcp-ports.js';
import { type SocketAddresses, socketAddresses } from '../tcp/tcp-socket.js';
import { sslPortTag } from './context-core.js';
import { opensslReason } from './openssl-reason.js';

/** Bytes the input port buffers before it pauses the socket (as TCP's). */
const HIGH_WATER = 256 * 1024;

/** The input port of a TLS connection (`ssl-port?`). */
export class SslInputPort extends InputPort {
  readonly [sslPortTag] = true as const;

  constructor(name: string, source: TcpSource) {
    super(name, source, { highWater: HIGH_WATER });
  }

  get connection(): SslConnection {
    return (this.source as TcpSource).connection as SslConnection;
  }
}

/** The output port of a TLS connection (`ssl-port?`): reports `'block'`, writes through. */
export class SslOutputPort extends OutputPort {
  readonly [sslPortTag] = true as const;
  /** The mode reported (and set); the port itself never buffers. */
  #reported: OutputBufferMode = 'block';

  constructor(name: string, sink: TcpSink) {
    super(name, sink, 'none');
  }

  get connection(): SslConnection {
    return (this.sink as TcpSink).connection as SslConnection;
  }

  override get bufferMode(): OutputBufferMode {
    return this.#reported;
  }

  /** Accepted and reported, as Racket's SSL ports accept it; writes still go straight out. */
  override set bufferMode(mode: OutputBufferMode) {
    this.#reported = mode;
  }
}

const SSL_PORTS: ConnectionPorts = {
  input: (name, source) => new SslInputPort(name, source),
  output: (name, sink) => new SslOutputPort(name, sink),
};

/** What a TLS connection knows beyond TCP's: the original socket, how it was made. */
export interface SslConnectionInfo {
  /** The socket TLS runs over, when it is one (TCP or unix): its addresses are the port's. */
  readonly raw: Socket | null;
  /** Whether the original ports were TCP ports (`sslAddresses` works then). */
  readonly tcp: boolean;
  /** Whether the peer's certificate checked out (see `isSslPeerVerified`). */
  readonly verified: boolean;
  /** The peer's certificate, kept: Racket still tells it once the ports are closed. */
  readonly peer: X509Certificate | undefined;
  /** The TLS version (`TLSv1.3`), kept for the same reason. */
  readonly protocol: string | null;
  /** The ALPN protocol chosen, or `false`. */
  readonly alpn: string | false;
  /** `shutdownOnClose`: closing the output port sends close_notify and FIN at once. */
  shutdownOnClose: boolean;
}

/** A `TcpConnection` over a `TLSSocket`, with SSL ports (see the top of this file). */
export class SslConnection extends TcpConnection {
  constructor(
    readonly tls: TLSSocket,
    name: string,
    readonly info: SslConnectionInfo,
  ) {
    super(tls, name, SSL_PORTS);
  }

  override get addresses(): SocketAddresses {
    return socketAddresses(this.info.raw ?? this.tls);
  }

  /** The addresses are the TCP socket's (`info.raw`), not the TLS socket's. */
  readonly wantsAddresses = false;

  /** Closing the output port sends nothing (as Racket), unless `shutdownOnClose`. */
  override startClosingOutput(): void {
    if (!this.info.shutdownOnClose) this.abandonOutput();
    super.startClosingOutput();
  }

  override socketFailed(error: unknown): void {
    // Over ports (a Duplex of them), their own exception, as Racket raises it.
    if (error instanceof Exn) {
      this.input.pushError(error);
      this.output.sinkFailed(error);
      return;
    }
    const reason = opensslReason(error);
    if (reason === null) {
      super.socketFailed(error);
      return;
    }
    this.input.pushError(networkError('read-bytes', `SSL read failed (${reason})`));
    this.output.sinkFailed(networkError('write-bytes', `SSL write failed (${reason})`));
  }
}

/** The connection of an SSL port, or `undefined` for any other value. */
export function sslConnectionOf(port: unknown): SslConnection | undefined {
  return port instanceof SslInputPort || port instanceof SslOutputPort
    ? port.connection
    : undefined;
}

/**
 * Whether `v` is an SSL port, open or closed (Racket: `ssl-port?`). Never raises.
 *
 * @example
 * ```ts
 * const [input] = await sslConnect('example.com', 443);
 * isSslPort(input); // true
 * ```
 */
export const isSslPort = (v: unknown): boolean => sslConnectionOf(v) !== undefined;

/**
 * Makes the two ports of `tls` (its handshake done) under `custodian`. If the custodian has
 * been shut down, the socket is destroyed and the error raised.
 */
export function makeSslPorts(
  who: string,
  tls: TLSSocket,
  name: string,
  info: SslConnectionInfo,
  custodian: Custodian,
): [SslConnection, SslInputPort, SslOutputPort] {
  const connection = new SslConnection(tls, name, info);
  ownConnection(who, tls, connection, custodian);
  return [connection, connection.input as SslInputPort, connection.output as SslOutputPort];
}

/**
 * SSL listeners: `sslListen`, `sslClose`, `isSslListener`. A TCP listener and the server
 * context its connections are accepted with; the handshake happens in `sslAccept`.
 */
import { NOT_READY, type NotReady, PrimitiveEvt, type Unwatch, type Waiter } from '../evt/evt.js';
import { racketPrint } from '../exn/print.js';
import {
  asPromise,
  check,
  checkNonnegativeInteger,
  isStringOrFalse,
  orFalse,
} from '../exn/raise.js';
import { checkListenPortNumber } from '../network/port-number.js';
import { tcpClose, tcpListen, type TcpListener } from '../tcp/listener.js';
import {
  contextFor,
  sslContextOf,
  type SslContext,
  type SslProtocol,
  type SslServerContext,
} from './context.js';

/**
 * An SSL listener (Racket: `ssl-listener?`), made by {@link sslListen}. As an event it is ready
 * when its TCP listener is (a client waits, or it is closed), with itself as the result.
 * Certificates, keys and verification can be set on it as on its context
 * (`sslLoadCertificateChain(listener, path)`…).
 *
 * @opaque
 */
export class SslListener extends PrimitiveEvt<SslListener> {
  readonly [sslContextOf]: SslContext;

  constructor(
    /** The TCP listener underneath. */
    readonly tcp: TcpListener,
    context: SslServerContext,
  ) {
    super();
    this[sslContextOf] = context;
  }

  poll(): SslListener | NotReady {
    return this.tcp.poll() === NOT_READY ? NOT_READY : this;
  }

  watch(waiter: Waiter): Unwatch {
    return this.tcp.watch(waiter);
  }

  /** `await using`: closes the listener (if still open). */
  [Symbol.asyncDispose](): Promise<void> {
    this.tcp.close();
    return Promise.resolve();
  }

  [racketPrint](): string {
    return '#<ssl-listener>';
  }
}

/** Whether `v` is an SSL listener, open or closed (Racket: `ssl-listener?`). Never raises. */
export const isSslListener = (v: unknown): v is SslListener => v instanceof SslListener;

/** Checks `ssl-listener?` (`ExnFailContract`) and returns the listener. */
export function checkSslListener(who: string, v: unknown): SslListener {
  return check(who, isSslListener, 'ssl-listener?', v);
}

/**
 * Listens for TLS connections on `port` (Racket: `ssl-listen`): a TCP listener (as
 * `tcpListen`, with `queue` waiting clients) whose connections {@link sslAccept} takes and
 * handshakes with the server context `serverProtocol` (a protocol string, `'secure'` meaning
 * `'auto'`, or a server context). The context needs a certificate chain and a private key,
 * loaded into it or into the listener (`sslLoadCertificateChain(listener, path)`,
 * `sslLoadPrivateKey(listener, path)`). The listener belongs to the current custodian.
 *
 * @throws {@link ExnFailContract} for a bad argument.
 * @throws {@link ExnFailUnsupported} for an SSL protocol (`'sslv3'`…).
 * @throws {@link ExnFailNetworkErrno} `tcp-listen: listen failed…` as `tcpListen`.
 * @example
 * ```ts
 * const listener = await sslListen(0, 16, true, '127.0.0.1');
 * sslLoadCertificateChain(listener, 'server.pem');
 * sslLoadPrivateKey(listener, 'server-key.pem');
 * const [, port] = sslAddresses(listener, true);
 * const [input, output] = await sslAccept(listener);
 * ```
 */
export function sslListen(
  port: number,
  queue: number = 5,
  reuse: unknown = false,
  hostname: string | false | null = false,
  serverProtocol: SslProtocol | SslServerContext = 'auto',
): Promise<SslListener> {
  return asPromise(async () => {
    const who = 'ssl-listen';
    checkListenPortNumber(who, port);
    checkNonnegativeInteger(who, queue);
    const host = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(hostname));
    const context = contextFor(who, serverProtocol, 'server') as SslServerContext;
    const tcp = await tcpListen(port, queue, reuse, host);
    return new SslListener(tcp, context);
  });
}

/**
 * Closes `listener` (Racket: `ssl-close`, which is `tcp-close` on its TCP listener): clients it
 * had not accepted get EOF; accepted connections live on.
 *
 * @throws {@link ExnFailContract} if `listener` is not an SSL listener.
 * @throws {@link ExnFailNetwork} `tcp-close: listener is closed` if it is already closed.
 */
export function sslClose(listener: SslListener): void {
  tcpClose(checkSslListener('ssl-close', listener).tcp);
}

/** `sslConnect` and `sslConnectEnableBreak`: a TCP connection, then a client handshake. */
import { currentCustodian } from '../custodian/custodian.js';
import { type Exn } from '../exn/exn.js';
import { asPromise, check, isString, networkError } from '../exn/raise.js';
import { isPortNumber } from '../network/port-number.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { tcpConnect, tcpConnectEnableBreak } from '../tcp/connect.js';
import { detachSocket } from '../tcp/detach.js';
import { checkAlpn, optionsOf } from './args.js';
import { contextFor, type SslClientContext, type SslProtocol } from './context.js';
import { wrapSocket, type WrapOptions } from './handshake.js';

/** `sslConnect`'s options (Racket's keyword arguments). */
export interface SslConnectOptions {
  /** ALPN protocols to offer (`#:alpn`), e.g. `[Buffer.from('h2')]`; none by default. */
  readonly alpn?: readonly Uint8Array[];
}

/** A failed handshake of `sslConnect`/`sslAccept` (Racket's `error/network`). */
export const networkFailure = (who: string, message: string): Exn => networkError(who, message);

/**
 * Runs TLS over a new TCP connection's ports (detached from them): the one worker of
 * `sslConnect` and `sslAccept`, which differ only in `mode`, the host name and ALPN.
 */
export function tlsOverTcp(
  tcpIn: InputPort,
  tcpOut: OutputPort,
  options: Pick<
    WrapOptions,
    'who' | 'mode' | 'settings' | 'hostname' | 'alpn' | 'enableBreak' | 'custodian'
  >,
): Promise<[InputPort, OutputPort]> {
  const socket = detachSocket(tcpIn, tcpOut)!;
  return wrapSocket(socket, {
    ...options,
    verifyHostname: options.settings.verifyHostname,
    name: `SSL ${tcpIn.name}`,
    shutdownOnClose: false,
    fail: networkFailure,
    raw: socket,
    tcp: true,
  });
}

async function connect(
  who: string,
  enableBreak: boolean,
  hostname: unknown,
  port: unknown,
  clientProtocol: unknown,
  options: unknown,
): Promise<[InputPort, OutputPort]> {
  const host = check(who, isString, 'string?', hostname);
  const portNumber = check(who, isPortNumber, '(integer-in 1 65535)', port);
  const context = contextFor(who, clientProtocol, 'client');
  const alpn = checkAlpn(who, optionsOf<SslConnectOptions>(who, options).alpn);
  const settings = context.settings();
  const custodian = currentCustodian();
  const [tcpIn, tcpOut] = await (enableBreak ? tcpConnectEnableBreak : tcpConnect)(
    host,
    portNumber,
  );
  return tlsOverTcp(tcpIn, tcpOut, {
    who,
    mode: 'connect',
    settings,
    hostname: host,
    alpn,
    enableBreak,
    custodian,
  });
}

/**
 * Connects to `hostname`:`port` over TCP, then as a TLS client, and returns the connection's
 * input and output ports (Racket: `ssl-connect`). **Secure by default**: with `'secure'` (the
 * default, unlike Racket's `'auto'`) the server's certificate chain is checked against the
 * default verify sources and must name `hostname`; pass `'auto'` (or a context made with it)
 * to check nothing, as Racket's default does. `clientProtocol` is a protocol string or a client
 * context (`sslMakeClientContext`). The host name is sent as SNI unless it is an IP address.
 * The ports are ordinary ports (`SSL <hostname>`) owned by the current custodian; the output
 * port reports `'block'` but every write goes out at once.
 *
 * @throws {@link ExnFailContract} for a bad argument.
 * @throws {@link ExnFailNetworkErrno} `tcp-connect: connection failed…` (TCP's errors, as
 *   Racket's `ssl-connect` raises them).
 * @throws {@link ExnFailNetwork} `ssl-connect: connect failed (…)` when the handshake or the
 *   checks fail, e.g. `(error:0A000086:SSL routines::certificate verify failed)`,
 *   `(input terminated prematurely)`, `(certificate not valid for hostname)`.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const [input, output] = await sslConnect('example.com', 443);
 * await writeString('GET / HTTP/1.0\r\nHost: example.com\r\n\r\n', output);
 * console.log(await readLine(input));
 * closeInputPort(input);
 * await closeOutputPort(output);
 * ```
 */
export function sslConnect(
  hostname: string,
  port: number,
  clientProtocol: SslProtocol | SslClientContext = 'secure',
  options: SslConnectOptions = {},
): Promise<[InputPort, OutputPort]> {
  return asPromise(() => connect('ssl-connect', false, hostname, port, clientProtocol, options));
}

/**
 * {@link sslConnect} with breaks enabled while it waits (Racket: `ssl-connect/enable-break`).
 *
 * @throws as {@link sslConnect} does (TCP's errors as `tcp-connect/enable-break`).
 */
export function sslConnectEnableBreak(
  hostname: string,
  port: number,
  clientProtocol: SslProtocol | SslClientContext = 'secure',
  options: SslConnectOptions = {},
): Promise<[InputPort, OutputPort]> {
  return asPromise(() =>
    connect('ssl-connect/enable-break', true, hostname, port, clientProtocol, options),
  );
}

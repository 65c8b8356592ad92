/**
 * Running a TLS handshake over a connected socket (or any Duplex) and making the ports: what
 * `sslConnect`, `sslAccept` and `portsToSslPorts` share (Racket's `wrap-ports`).
 *
 * The wait for the handshake is a `sync` on a `Handshake` event, so breaks, kills and custodian
 * shutdowns end it, destroying the socket. Verification follows Racket's rules rather than
 * Node's: a client connects with `rejectUnauthorized: false` and no identity check, then checks
 * the chain (`authorized`) and the host name itself; a server reads OpenSSL's verify result with
 * `tlsSocket.ssl.verifyError()` (Node's one private API used here: a bare server `TLSSocket`
 * never sets `authorized`). Failures are Racket's messages, never Node's codes.
 */
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  connect as tlsConnect,
  type ConnectionOptions,
  type SecureContext,
  TLSSocket,
  type TLSSocketOptions,
} from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import { exitIfKilled } from '../context/context.js';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import { syncPrimitive } from '../evt/sync.js';
import { Exn } from '../exn/exn.js';
import { custodianShutDownError } from '../network/errors.js';
import { OutcomeEvt } from '../network/outcome-evt.js';
import { type SslSettings } from './context-core.js';
import { CERTIFICATE_VERIFY_FAILED, opensslReason } from './openssl-reason.js';
import { makeSslPorts, type SslInputPort, type SslOutputPort } from './ssl-ports.js';

/** Racket's reason when the peer closed (or reset) before the handshake was done. */
export const PREMATURE = 'input terminated prematurely';
const NOT_VALID_FOR_HOSTNAME = 'certificate not valid for hostname';
const NO_HOSTNAME = 'hostname not provided for verification';

/** Why a handshake failed, in Racket's words (no parentheses). */
export function handshakeReason(error: unknown): string {
  return opensslReason(error) ?? PREMATURE;
}

/**
 * One handshake as an event: ready once it is done, or with its error. Also the `TLSSocket`'s
 * `'error'` listener for life: before the ports exist errors settle the event (or are kept
 * for the connection), then they go to the connection.
 */
class Handshake extends OutcomeEvt<undefined> implements Managed {
  #owner: { socketFailed(error: unknown): void } | null = null;
  #early: unknown = undefined;

  constructor(
    readonly who: string,
    readonly tls: TLSSocket,
    secureEvent: 'secure' | 'secureConnect',
  ) {
    super();
    tls.on('error', (error: unknown) => this.#failed(error));
    tls.once(secureEvent, () => this.settleNow({ ok: true, value: undefined }));
    tls.once('close', () => this.settle({ ok: false, error: null }));
    // The peer's end before the handshake is done: Node tells a server nothing (the stream
    // ends only once read, and nothing reads it yet), so its end is caught where it is pushed.
    const push = tls.push;
    tls.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (chunk === null && !this.isSettled) this.settle({ ok: false, error: null });
      return push.call(tls, chunk, encoding);
    };
  }

  #failed(error: unknown): void {
    if (this.#owner !== null) this.#owner.socketFailed(error);
    else if (!this.isSettled) this.settleNow({ ok: false, error });
    else this.#early ??= error;
  }

  /** The ports exist: errors go to their connection from now on. */
  attach(owner: { socketFailed(error: unknown): void }): void {
    this.#owner = owner;
    if (this.#early !== undefined) owner.socketFailed(this.#early);
  }

  custodianShutdown(): void {
    this.tls.destroy();
    this.settle({ ok: false, error: custodianShutDownError(this.who) });
  }

  /** A break or a kill ended the wait: the socket must not outlive it. */
  protected override abandoned(): void {
    this.tls.destroy();
  }
}

/** How `wrapSocket` makes a connection (see `wrap-ports` in Racket's `mzssl.rkt`). */
export interface WrapOptions {
  /** The Racket name of the caller, for errors. */
  readonly who: string;
  readonly mode: 'connect' | 'accept';
  readonly settings: SslSettings;
  /** Whether the peer's certificate must name `hostname`. */
  readonly verifyHostname: boolean;
  /** The host name: SNI (unless an IP address) and the name checked. */
  readonly hostname: string | false;
  /** The client's ALPN protocols. */
  readonly alpn: readonly Uint8Array[];
  /** The ports' name (`SSL …`). */
  readonly name: string;
  readonly shutdownOnClose: boolean;
  readonly enableBreak: boolean;
  readonly custodian: Custodian;
  /** Makes the exception of a failure (`ExnFailNetwork`, or `ExnFail` for `port->ssl-ports`). */
  readonly fail: (who: string, message: string) => Exn;
  /** The socket under TLS when it is one (its addresses are the ports'). */
  readonly raw: Socket | null;
  /** Whether the original ports were TCP ports (`sslAddresses` works then). */
  readonly tcp: boolean;
}

/** The `SecureContext` an SNI callback picked, for Node's `SNICallback`. */
function sniCallbackOf(settings: SslSettings): TLSSocketOptions['SNICallback'] | undefined {
  const pick = settings.sniCallback;
  if (pick === null) return undefined;
  return (serverName, callback) => {
    let context: SecureContext | undefined;
    try {
      const picked = pick(serverName);
      context = picked === false ? undefined : picked.settings().secureContext;
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)), undefined);
      return;
    }
    callback(null, context);
  };
}

/** ALPN protocols in their wire form (each prefixed by its length), as Node takes them. */
const alpnWire = (protocols: readonly Uint8Array[]): Buffer =>
  Buffer.concat(protocols.flatMap((p) => [Uint8Array.of(p.length), p]));

/** Starts TLS over `socket` on the side `options.mode` says. */
function startTls(socket: Duplex, options: WrapOptions): TLSSocket {
  const { settings, hostname, alpn } = options;
  if (options.mode === 'connect') {
    const connectOptions: ConnectionOptions = {
      socket,
      secureContext: settings.secureContext,
      // Racket checks after the handshake, in its own words (see `checkClient`).
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    };
    // Racket sends an IP address as SNI too; Node refuses to (DEP0123), and so do we.
    if (hostname !== false && isIP(hostname) === 0) connectOptions.servername = hostname;
    if (alpn.length > 0) connectOptions.ALPNProtocols = alpnWire(alpn);
    return tlsConnect(connectOptions);
  }
  const serverOptions: TLSSocketOptions = {
    isServer: true,
    secureContext: settings.secureContext,
    requestCert: settings.verify || settings.tryVerify,
    rejectUnauthorized: settings.verify,
  };
  if (settings.alpn.length > 0) {
    serverOptions.ALPNProtocols = alpnWire(settings.alpn);
  }
  const sni = sniCallbackOf(settings);
  if (sni !== undefined) serverOptions.SNICallback = sni;
  return new TLSSocket(socket as Socket, serverOptions);
}

/**
 * OpenSSL's verify result for a server's peer (Node's private `ssl.verifyError()`): `null` if
 * the chain checked, an error if not; `undefined` if the API is missing (another Node).
 */
function verifyErrorOf(tls: TLSSocket): unknown {
  const handle = (tls as unknown as { ssl?: { verifyError?: () => unknown } | null }).ssl;
  if (handle == null || typeof handle.verifyError !== 'function') return undefined;
  return handle.verifyError() ?? null;
}

/** Whether `cert` names `hostname` (DNS names, and IP addresses when `ips`). */
function certificateNames(
  cert: X509Certificate | undefined,
  hostname: string,
  ips: boolean,
): boolean {
  if (cert === undefined) return false;
  if (isIP(hostname) !== 0) return ips && cert.checkIP(hostname) !== undefined;
  return cert.checkHost(hostname) !== undefined;
}

/**
 * Racket's checks once the handshake is done: the reason the connection is refused, or `null`
 * with whether the peer is verified.
 */
function checkPeer(
  tls: TLSSocket,
  cert: X509Certificate | undefined,
  options: WrapOptions,
): { refused: string | null; verified: boolean } {
  const { settings, hostname } = options;
  const verify = settings.verify || settings.tryVerify;
  let verified: boolean;
  if (options.mode === 'connect') {
    verified = tls.authorized;
    if (verify && !verified) return { refused: CERTIFICATE_VERIFY_FAILED, verified };
  } else {
    // OpenSSL's verdict matters only for a certificate the client sent (most send none).
    const error = cert === undefined ? null : verifyErrorOf(tls);
    verified = cert !== undefined && error === null;
    // A certificate that did not check (or that cannot be checked on this Node) is refused.
    if (verify && cert !== undefined && error !== null) {
      return { refused: CERTIFICATE_VERIFY_FAILED, verified };
    }
  }
  if (options.verifyHostname && hostname !== false) {
    // With verification on, OpenSSL checks the name during the handshake (IP addresses too);
    // otherwise Racket checks DNS names after it (`X509_check_host`).
    if (!certificateNames(cert, hostname, verify)) {
      return { refused: verify ? CERTIFICATE_VERIFY_FAILED : NOT_VALID_FOR_HOSTNAME, verified };
    }
  }
  return { refused: null, verified };
}

/**
 * Runs the handshake over `socket` and makes the SSL ports. A failure destroys the socket and
 * raises `who: connect failed (…)` / `accept failed (…)` through `options.fail`.
 */
export async function wrapSocket(
  socket: Duplex,
  options: WrapOptions,
): Promise<[SslInputPort, SslOutputPort]> {
  const { who, custodian } = options;
  const action = options.mode === 'connect' ? 'connect' : 'accept';
  if (options.verifyHostname && options.hostname === false) {
    socket.destroy();
    throw options.fail(who, `${action} failed (${NO_HOSTNAME})`);
  }
  let tls: TLSSocket;
  try {
    tls = startTls(socket, options);
  } catch (error) {
    // Options Node refuses (a context it cannot use): nothing may be left open.
    socket.destroy();
    throw error;
  }
  // TLS's half-close is Racket's: the input may end while the output goes on.
  tls.allowHalfOpen = true;
  const raw = options.raw;
  if (raw !== null) tls.once('close', () => raw.destroy());
  else tls.once('close', () => socket.destroy());
  const handshake = new Handshake(
    who,
    tls,
    options.mode === 'connect' ? 'secureConnect' : 'secure',
  );
  try {
    custodian.manage(who, handshake);
  } catch (error) {
    tls.destroy();
    throw error;
  }
  let outcome;
  try {
    outcome = await syncPrimitive(options.enableBreak, handshake);
    exitIfKilled();
  } catch (error) {
    tls.destroy();
    throw error;
  } finally {
    custodian.unmanage(handshake);
  }
  if (!outcome.ok) {
    tls.destroy();
    if (outcome.error instanceof Exn) throw outcome.error;
    throw options.fail(who, `${action} failed (${handshakeReason(outcome.error)})`);
  }
  const peer = tls.getPeerX509Certificate();
  const { refused, verified } = checkPeer(tls, peer, options);
  if (refused !== null) {
    tls.destroy();
    throw options.fail(who, `${action} failed (${refused})`);
  }
  const [connection, input, output] = makeSslPorts(
    who,
    tls,
    options.name,
    {
      raw,
      tcp: options.tcp,
      verified,
      peer,
      protocol: tls.getProtocol(),
      alpn: tls.alpnProtocol ?? false,
      shutdownOnClose: options.shutdownOnClose,
    },
    custodian,
  );
  handshake.attach(connection);
  return [input, output];
}

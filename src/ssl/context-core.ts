/**
 * The core of SSL contexts (Racket's `ssl-make-client-context`, `ssl-make-server-context`): what a TLS
 * connection is made with — protocol versions, key and certificate chain, trusted CAs, ciphers,
 * verification, ALPN and SNI.
 *
 * Racket's contexts change until sealed (even through a listener, after it started listening);
 * Node's `SecureContext` is immutable. So a context keeps an options record, and
 * {@link SslContext.settings} builds a `SecureContext` from it lazily, cached until the next
 * change: a connection made after a change sees it, as in Racket.
 */
import tls from 'node:tls';
import { ExnFailUnsupported } from '../exn/exn.js';
import { failError, makeMessage } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';

/**
 * A protocol symbol (Racket's `ssl-protocol-symbol/c`). `'auto'` and `'secure'` allow TLS 1.2
 * and 1.3; `'tls12'`/`'tls13'` pin one version; `'tls'`/`'tls11'` are TLS 1.0/1.1 (at OpenSSL
 * security level 0); the SSL protocols are not supported (`ExnFailUnsupported`).
 */
export type SslProtocol =
  'secure' | 'auto' | 'sslv2-or-v3' | 'sslv2' | 'sslv3' | 'tls' | 'tls11' | 'tls12' | 'tls13';

/** Every protocol symbol, in Racket's order (its contract's). */
export const SSL_PROTOCOLS: readonly SslProtocol[] = [
  'secure',
  'auto',
  'sslv2-or-v3',
  'sslv2',
  'sslv3',
  'tls',
  'tls11',
  'tls12',
  'tls13',
];

/** The protocols Node's OpenSSL can make contexts for, best last (as Racket's list). */
const SUPPORTED: readonly SslProtocol[] = ['secure', 'auto', 'tls', 'tls11', 'tls12', 'tls13'];

/** Whether `v` is one of Racket's protocol symbols (supported or not). */
export const isSslProtocol = (v: unknown): v is SslProtocol =>
  typeof v === 'string' && (SSL_PROTOCOLS as readonly string[]).includes(v);

/** Racket's printed contract for a protocol symbol: `(or/c (quote secure) …)`. */
export const PROTOCOL_CONTRACT = `(or/c ${SSL_PROTOCOLS.map((p) => `(quote ${p})`).join(' ')})`;

/** Whom a peer must convince: nobody, a peer with a certificate if any (`try`), or a peer with a good one. */
export type VerifyMode = 'none' | 'try' | 'require';

/** A context's options record: what {@link SslContext.settings} is built from. */
export interface SslContextOptions {
  readonly protocol: SslProtocol;
  /** The private key, as PEM (DER keys are converted when loaded). */
  key: string | null;
  /** The certificate chain, as PEM, leaf first. */
  cert: string | null;
  /** Trusted certificates (PEM, one per entry); empty means none, not Node's bundled roots. */
  readonly ca: string[];
  /** `ssl-set-ciphers!`'s spec, or null for Node's default list. */
  ciphers: string | null;
  /** DH parameters (PEM) or `'auto'`, once DHE is enabled. */
  dhparam: string | null;
  /** The one ECDH curve, once ECDHE is enabled with one. */
  ecdhCurve: string | null;
  verify: VerifyMode;
  verifyHostname: boolean;
  alpn: readonly Uint8Array[];
  alpnAllowNoMatch: boolean;
  sniCallback: ((serverName: string) => SslServerContext | false) | null;
}

/**
 * What one connection made with a context needs; built by {@link SslContext.settings}.
 * `secureContext` carries the key, certificate chain, CAs, ciphers, protocol versions and
 * DHE/ECDHE settings; the rest are options for `tls.connect` / `new tls.TLSSocket` and the
 * checks done after the handshake.
 */
export interface SslSettings {
  /** Key, certificate chain, trusted CAs, ciphers, min/max version, dhparam/ecdhCurve. */
  readonly secureContext: tls.SecureContext;
  /** `ssl-set-verify!`: the peer's chain must check (a server requests and requires a client certificate). */
  readonly verify: boolean;
  /**
   * `ssl-try-verify!`: a server requests a client certificate but accepts a client without one
   * (a bad chain still fails); on a client it acts as `verify` (as Racket does, against its docs).
   */
  readonly tryVerify: boolean;
  /** `ssl-set-verify-hostname!`: a client checks the server's certificate against the host name. */
  readonly verifyHostname: boolean;
  /** A server's ALPN protocols (`ssl-set-server-alpn!`), most preferred first. */
  readonly alpn: readonly Uint8Array[];
  /** `ssl-set-server-alpn!`'s `allow-no-match?` (Node, 20 to 26, always refuses a client whose protocols do not match). */
  readonly alpnAllowNoMatch: boolean;
  /**
   * A server's SNI callback (`ssl-set-server-name-identification-callback!`): the context to
   * switch to for a server name, or `false` to keep this one. It throws an `ExnFailContract`
   * if the user's callback returned something else, and whatever that callback throws.
   */
  readonly sniCallback: ((serverName: string) => SslServerContext | false) | null;
}

/** A context's state beyond its options: sealed, and the settings built from it. */
interface ContextState {
  readonly options: SslContextOptions;
  sealed: boolean;
  cache: SslSettings | null;
}

const states = new WeakMap<SslContext, ContextState>();

function stateOf(ctx: SslContext): ContextState {
  // Every SslContext gets its state in the constructor, so this never misses.
  return states.get(ctx) as ContextState;
}

/**
 * An SSL context (Racket: `ssl-context?`): either an {@link SslClientContext} or an
 * {@link SslServerContext}. Made by `sslMakeClientContext` / `sslMakeServerContext`; changed by
 * the `ssl…!`-style functions until sealed with `sslSealContext`.
 */
export abstract class SslContext {
  /** `'client'` or `'server'`: which side of a connection this context is for. */
  abstract readonly side: 'client' | 'server';

  /** @param protocol a supported protocol (checked by the caller). */
  constructor(protocol: SslProtocol) {
    states.set(this, {
      options: {
        protocol,
        key: null,
        cert: null,
        ca: [],
        ciphers: null,
        dhparam: null,
        ecdhCurve: null,
        verify: 'none',
        verifyHostname: false,
        alpn: [],
        alpnAllowNoMatch: true,
        sniCallback: null,
      },
      sealed: false,
      cache: null,
    });
  }

  /**
   * What one connection made with this context needs, built lazily and cached until the next
   * change to the context.
   *
   * @throws {@link ExnFail} if Node's OpenSSL rejects the combination (loads are checked when
   * they happen, so this is not expected).
   */
  settings(): SslSettings {
    const state = stateOf(this);
    return (state.cache ??= buildSettings(state.options));
  }

  /** The protocol this context was made with. */
  get protocol(): SslProtocol {
    return stateOf(this).options.protocol;
  }

  /** Whether the context is sealed (`ssl-seal-context!`): no further changes are allowed. */
  get sealed(): boolean {
    return stateOf(this).sealed;
  }

  /** Racket's printed form, for error messages: `#<ssl-client-context>`, `#<ssl-server-context>`. */
  [racketPrint](): string {
    return `#<ssl-${this.side}-context>`;
  }
}

/** A client context (Racket: `ssl-client-context?`), for `sslConnect` and `portsToSslPorts` in `'connect'` mode. */
export class SslClientContext extends SslContext {
  readonly side = 'client' as const;
}

/** A server context (Racket: `ssl-server-context?`), for `sslListen` and `portsToSslPorts` in `'accept'` mode. */
export class SslServerContext extends SslContext {
  readonly side = 'server' as const;
}

/**
 * The options of `ctx`, to change: raises Racket's `who: context is sealed; no further changes
 * are allowed` (`ExnFail`) if it is sealed, and forgets the cached settings otherwise.
 */
export function changeContext(who: string, ctx: SslContext): SslContextOptions {
  const state = stateOf(ctx);
  if (state.sealed) throw failError(who, 'context is sealed; no further changes are allowed');
  state.cache = null;
  return state.options;
}

/** The options of `ctx`, to read. */
export function contextOptions(ctx: SslContext): Readonly<SslContextOptions> {
  return stateOf(ctx).options;
}

/** Seals `ctx` (no error if it already is). */
export function sealContext(ctx: SslContext): void {
  stateOf(ctx).sealed = true;
}

/** Racket's `exn:fail:unsupported` for a protocol Node's OpenSSL cannot make a context for. */
export function protocolNotSupported(who: string, protocol: SslProtocol): ExnFailUnsupported {
  return new ExnFailUnsupported(
    makeMessage(who, 'requested protocol not supported', [['requested', `'${protocol}`]]),
  );
}

/** Whether `protocol` is one Node's OpenSSL can make contexts for. */
export const isSupportedProtocol = (protocol: SslProtocol): boolean => SUPPORTED.includes(protocol);

/** The supported protocols, best last (Racket's `supported-client-protocols`). */
export const supportedProtocolList = (): SslProtocol[] => [...SUPPORTED];

/**
 * A fresh context for a supported protocol, or Racket's `who: requested protocol not supported`
 * (`ExnFailUnsupported`) for the SSL ones. A client's `'secure'` gets no settings here.
 */
export function makeRawContext(
  who: string,
  protocol: SslProtocol,
  side: 'client' | 'server',
): SslContext {
  if (!isSupportedProtocol(protocol)) throw protocolNotSupported(who, protocol);
  return side === 'client' ? new SslClientContext(protocol) : new SslServerContext(protocol);
}

/** Node's names for the TLS versions a protocol pins (`null`: Node's default). */
const VERSIONS: Partial<Record<SslProtocol, tls.SecureVersion>> = {
  tls: 'TLSv1',
  tls11: 'TLSv1.1',
  tls12: 'TLSv1.2',
  tls13: 'TLSv1.3',
};

/**
 * The cipher string for a context: Racket raises OpenSSL's security level to at least 2; TLS
 * 1.0/1.1 need level 0 under OpenSSL 3 (they would never handshake otherwise). The level goes
 * last (OpenSSL takes `DEFAULT` only first), and not at all when the user's spec sets one, which
 * wins in Racket too.
 */
function cipherString(options: SslContextOptions): string {
  const spec = options.ciphers ?? tls.DEFAULT_CIPHERS;
  if (spec.includes('@SECLEVEL=')) return spec;
  const old = options.protocol === 'tls' || options.protocol === 'tls11';
  return `${spec}:@SECLEVEL=${old ? 0 : 2}`;
}

function buildSettings(options: SslContextOptions): SslSettings {
  const version = VERSIONS[options.protocol];
  const secureOptions: tls.SecureContextOptions = {
    // An empty `ca` means no trusted roots: without it Node would trust its bundled ones.
    ca: [...options.ca],
    ciphers: cipherString(options),
  };
  if (version) {
    secureOptions.minVersion = version;
    secureOptions.maxVersion = version;
  }
  if (options.key !== null) secureOptions.key = options.key;
  if (options.cert !== null) secureOptions.cert = options.cert;
  if (options.dhparam !== null) secureOptions.dhparam = options.dhparam;
  if (options.ecdhCurve !== null) secureOptions.ecdhCurve = options.ecdhCurve;
  let secureContext: tls.SecureContext;
  try {
    secureContext = tls.createSecureContext(secureOptions);
  } catch (error) {
    throw failError('ssl-context', `context creation failed ${formatValue(String(error))}`);
  }
  return {
    secureContext,
    verify: options.verify === 'require',
    tryVerify: options.verify === 'try',
    verifyHostname: options.verifyHostname,
    alpn: options.alpn,
    alpnAllowNoMatch: options.alpnAllowNoMatch,
    sniCallback: options.sniCallback,
  };
}

/** The symbol by which an object (an SSL listener) exposes the context it accepts with. */
export const sslContextOf: unique symbol = Symbol('racket-net.sslContextOf');

/**
 * An object whose context the `ctxOrListener` functions change: an SSL listener sets
 * `[sslContextOf]` to its server context.
 */
export interface HasSslContext {
  readonly [sslContextOf]: SslContext;
}

/** The symbol by which an SSL port marks itself, so `sslSetVerify` can tell it from other values. */
export const sslPortTag: unique symbol = Symbol('racket-net.sslPort');

/** An SSL port, as `sslSetVerify`/`sslTryVerify` recognise it: `[sslPortTag]` is `true`. */
export interface SslPortTagged {
  readonly [sslPortTag]: true;
}

/** Whether `v` carries a context through {@link sslContextOf} (an SSL listener). */
export const hasSslContext = (v: unknown): v is HasSslContext =>
  typeof v === 'object' &&
  v !== null &&
  (v as Partial<HasSslContext>)[sslContextOf] instanceof SslContext;

/** Whether `v` is marked as an SSL port through {@link sslPortTag}. */
export const isSslPortTagged = (v: unknown): v is SslPortTagged =>
  typeof v === 'object' && v !== null && (v as Partial<SslPortTagged>)[sslPortTag] === true;

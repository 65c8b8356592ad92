/**
 * Making contexts and asking about them: `ssl-make-client-context`, `ssl-make-server-context`,
 * the predicates, the supported protocols and `ssl-available?`.
 */
import { check, contractError } from '../exn/raise.js';
import {
  isSslProtocol,
  makeRawContext,
  PROTOCOL_CONTRACT,
  supportedProtocolList,
  SslClientContext,
  SslContext,
  SslServerContext,
  type SslProtocol,
} from './context-core.js';
import { sslLoadCertificateChain, sslLoadPrivateKey } from './certificates.js';
import { makeSecure, sslSecureClientContext } from './secure.js';
import { isPathString } from './target.js';

/** A private key for a new context: `['pem', path]` or `['der', path]` (any key type). */
export type SslPrivateKeySpec = readonly ['pem' | 'der', string];

/** The keyword arguments of `sslMakeClientContext` / `sslMakeServerContext`. */
export interface SslContextKeywords {
  /** `#:private-key`: a key to load (any type, not only RSA), or `false`. */
  privateKey?: SslPrivateKeySpec | false;
  /** `#:certificate-chain`: a PEM chain to load, or `false`. */
  certificateChain?: string | false;
}

const isKeySpec = (v: unknown): v is SslPrivateKeySpec | false | undefined =>
  v === undefined ||
  v === false ||
  (Array.isArray(v) && v.length === 2 && (v[0] === 'pem' || v[0] === 'der') && isPathString(v[1]));

const isChainSpec = (v: unknown): v is string | false | undefined =>
  v === undefined || v === false || isPathString(v);

function makeContext(
  who: string,
  protocol: unknown,
  keywords: SslContextKeywords | undefined,
  side: 'client' | 'server',
): SslContext {
  if (!isSslProtocol(protocol)) throw contractError(who, PROTOCOL_CONTRACT, protocol);
  const { privateKey, certificateChain } = keywords ?? {};
  check(who, isChainSpec, '(or/c path-string? #f)', certificateChain);
  check(
    who,
    isKeySpec,
    '(or/c (list/c (quote pem) path-string?) (list/c (quote der) path-string?) #f)',
    privateKey,
  );
  if (side === 'client' && protocol === 'secure' && !privateKey && !certificateChain) {
    return sslSecureClientContext();
  }
  const ctx = makeRawContext(who, protocol, side);
  if (certificateChain) sslLoadCertificateChain(ctx, certificateChain);
  if (privateKey) sslLoadPrivateKey(ctx, privateKey[1], false, privateKey[0] === 'der');
  if (side === 'client' && protocol === 'secure') makeSecure(ctx as SslClientContext);
  return ctx;
}

/**
 * Makes a client context (Racket: `ssl-make-client-context`) for `sslConnect` and
 * `portsToSslPorts`. `protocol` is `'auto'` by default (TLS 1.2 or 1.3, nothing verified);
 * `'secure'` without a key or chain returns {@link sslSecureClientContext}'s context. A key and
 * chain given as keywords are loaded now (for client certificates).
 *
 * @throws {@link ExnFailUnsupported} `ssl-make-client-context: requested protocol not
 * supported\n  requested: 'sslv3` for the SSL protocols.
 * @throws {@link ExnFail} when the key or chain fails to load (as `sslLoadPrivateKey` does).
 * @throws {@link ExnFailContract} for a bad argument.
 * @example
 * ```ts
 * const ctx = sslMakeClientContext('tls13', {
 *   privateKey: ['pem', 'client-key.pem'],
 *   certificateChain: 'client.pem',
 * });
 * ```
 */
export function sslMakeClientContext(
  protocol: SslProtocol = 'auto',
  keywords?: SslContextKeywords,
): SslClientContext {
  return makeContext('ssl-make-client-context', protocol, keywords, 'client') as SslClientContext;
}

/**
 * Makes a server context (Racket: `ssl-make-server-context`) for `sslListen` and
 * `portsToSslPorts` in `'accept'` mode; a server needs a certificate chain and key, given here
 * or loaded later with `sslLoadCertificateChain` and `sslLoadPrivateKey`.
 *
 * @throws {@link ExnFailUnsupported} `ssl-make-server-context: requested protocol not
 * supported\n  requested: 'sslv3` for the SSL protocols.
 * @throws {@link ExnFail} when the key or chain fails to load.
 * @throws {@link ExnFailContract} for a bad argument.
 * @example
 * ```ts
 * const ctx = sslMakeServerContext('auto', {
 *   privateKey: ['pem', 'server-key.pem'],
 *   certificateChain: 'server.pem',
 * });
 * const listener = await sslListen(8443, 5, true, '127.0.0.1', ctx);
 * ```
 */
export function sslMakeServerContext(
  protocol: SslProtocol = 'auto',
  keywords?: SslContextKeywords,
): SslServerContext {
  return makeContext('ssl-make-server-context', protocol, keywords, 'server') as SslServerContext;
}

/** Whether `v` is a client context (Racket: `ssl-client-context?`). Never raises. */
export const isSslClientContext = (v: unknown): v is SslClientContext =>
  v instanceof SslClientContext;

/** Whether `v` is a server context (Racket: `ssl-server-context?`). Never raises. */
export const isSslServerContext = (v: unknown): v is SslServerContext =>
  v instanceof SslServerContext;

/** Whether `v` is a client or server context (Racket: `ssl-context?`). Never raises. */
export const isSslContext = (v: unknown): v is SslContext => v instanceof SslContext;

/**
 * The protocols a client context can be made with, best last (Racket:
 * `supported-client-protocols`): `['secure', 'auto', 'tls', 'tls11', 'tls12', 'tls13']`.
 */
export function supportedClientProtocols(): SslProtocol[] {
  return supportedProtocolList();
}

/** The protocols a server context can be made with, best last (Racket: `supported-server-protocols`). */
export function supportedServerProtocols(): SslProtocol[] {
  return supportedProtocolList();
}

/** The best protocol a client supports (Racket: `ssl-max-client-protocol`): `'tls13'`. */
export function sslMaxClientProtocol(): SslProtocol | false {
  return supportedProtocolList().at(-1) ?? false;
}

/** The best protocol a server supports (Racket: `ssl-max-server-protocol`): `'tls13'`. */
export function sslMaxServerProtocol(): SslProtocol | false {
  return supportedProtocolList().at(-1) ?? false;
}

/** Whether TLS is available (Racket: `ssl-available?`): always `true` on Node. */
export const sslAvailable = true;

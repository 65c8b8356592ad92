/**
 * Racket's `ssl-secure-client-context`: a sealed client context that trusts the default verify
 * sources and checks the chain and the host name. Cached while `sslDefaultVerifySources` is
 * unchanged, so every call gives the same object, as in Racket.
 */
import { makeRawContext, sealContext, type SslClientContext } from './context-core.js';
import {
  sslLoadDefaultVerifySources,
  sslDefaultVerifySources,
  type VerifySource,
} from './verify-sources.js';
import { sslSetCiphers, sslSetVerify, sslSetVerifyHostname } from './verification.js';

/** Racket's cipher list for secure contexts: no anonymous, null or weak suites. */
const SECURE_CIPHERS = 'DEFAULT:!aNULL:!eNULL:!LOW:!EXPORT:!SSLv2';

/** Makes `ctx` secure as Racket's `secure-client-context!` does, and seals it. */
export function makeSecure(ctx: SslClientContext): void {
  sslLoadDefaultVerifySources(ctx);
  sslSetVerify(ctx, true);
  sslSetVerifyHostname(ctx, true);
  sslSetCiphers(ctx, SECURE_CIPHERS);
  sealContext(ctx);
}

let cache: { sources: readonly VerifySource[]; ctx: SslClientContext } | null = null;

const sameSources = (a: readonly VerifySource[], b: readonly VerifySource[]): boolean =>
  a.length === b.length && a.every((s, i) => JSON.stringify(s) === JSON.stringify(b[i]));

/**
 * The secure client context (Racket: `ssl-secure-client-context`): it trusts the default verify
 * sources ({@link sslDefaultVerifySources}), verifies the server's chain and host name, and is
 * sealed. The same object each time while the default sources are unchanged;
 * `sslMakeClientContext('secure')` returns it too, and `sslConnect` uses it by default.
 *
 * @example
 * ```ts
 * const ctx = sslSecureClientContext();
 * const [inp, out] = await sslConnect('example.org', 443, ctx);
 * ```
 */
export function sslSecureClientContext(): SslClientContext {
  const sources = sslDefaultVerifySources();
  if (cache && sameSources(cache.sources, sources)) return cache.ctx;
  const ctx = makeRawContext('ssl-make-client-context', 'secure', 'client') as SslClientContext;
  makeSecure(ctx);
  cache = { sources, ctx };
  return ctx;
}

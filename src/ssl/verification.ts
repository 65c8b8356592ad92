/**
 * What a context checks and allows: `ssl-set-verify!`, `ssl-try-verify!`,
 * `ssl-set-verify-hostname!`, `ssl-set-ciphers!`, `ssl-seal-context!`.
 */
import tls from 'node:tls';
import { ExnFailUnsupported } from '../exn/exn.js';
import { check, contractError, failError, isString, makeMessage } from '../exn/raise.js';
import {
  changeContext,
  hasSslContext,
  isSslPortTagged,
  sealContext,
  sslContextOf,
  SslContext,
  type VerifyMode,
} from './context-core.js';
import { contextArg } from './target.js';

function setVerify(who: string, target: unknown, on: unknown, mode: VerifyMode): void {
  let ctx: SslContext;
  if (target instanceof SslContext) ctx = target;
  else if (hasSslContext(target)) ctx = target[sslContextOf];
  else if (isSslPortTagged(target)) {
    // Racket renegotiates; Node cannot renegotiate TLS 1.3 and racket-net does not at all.
    throw new ExnFailUnsupported(
      makeMessage(
        who,
        'renegotiation is not supported; set verification on the context before connecting',
      ),
    );
  } else {
    throw contractError(who, '(or/c ssl-context? ssl-listener? ssl-port?)', target);
  }
  changeContext(who, ctx).verify = on === false ? 'none' : mode;
}

/**
 * Turns verification of the peer's certificate chain on or off for connections made with a
 * context (or an SSL listener's context) from now on (Racket: `ssl-set-verify!`). On a client
 * the server's chain must check against the context's trusted certificates
 * (`sslLoadVerifySource`); a server requests a client certificate and requires a good one.
 * `on` is any value: only `false` turns it off.
 *
 * @throws {@link ExnFail} `ssl-set-verify!: context is sealed; no further changes are allowed`.
 * @throws {@link ExnFailUnsupported} given an SSL port (Racket renegotiates; racket-net cannot).
 * @throws {@link ExnFailContract} for anything but a context, listener or SSL port.
 * @example
 * ```ts
 * const ctx = sslMakeClientContext('auto');
 * sslLoadVerifySource(ctx, 'ca.pem');
 * sslSetVerify(ctx, true);
 * const [inp, out] = await sslConnect('localhost', 8443, ctx);
 * ```
 */
export function sslSetVerify(ctxOrListenerOrPort: SslContext | object, on: unknown): void {
  setVerify('ssl-set-verify!', ctxOrListenerOrPort, on, 'require');
}

/**
 * Like {@link sslSetVerify}, but a server accepts a client without a certificate (then
 * `isSslPeerVerified` is false); a client certificate that does not check still fails. On a
 * client it acts exactly as `sslSetVerify` (as Racket's does, against its docs). Racket:
 * `ssl-try-verify!`.
 *
 * @throws {@link ExnFail} `ssl-try-verify!: context is sealed; no further changes are allowed`.
 * @throws {@link ExnFailUnsupported} given an SSL port.
 * @throws {@link ExnFailContract} for anything but a context, listener or SSL port.
 */
export function sslTryVerify(ctxOrListenerOrPort: SslContext | object, on: unknown): void {
  setVerify('ssl-try-verify!', ctxOrListenerOrPort, on, 'try');
}

/**
 * Turns the host-name check on or off for client connections made with a context (Racket:
 * `ssl-set-verify-hostname!`): the server's certificate must name the host connected to.
 * `on` is any value: only `false` turns it off.
 *
 * @throws {@link ExnFail} `ssl-set-verify-hostname!: context is sealed; …`.
 * @throws {@link ExnFailContract} if `ctx` is not a context.
 */
export function sslSetVerifyHostname(ctx: SslContext, on: unknown): void {
  const who = 'ssl-set-verify-hostname!';
  changeContext(who, contextArg(who, ctx)).verifyHostname = on !== false;
}

/**
 * Sets the TLS 1.2 cipher list of a context, in OpenSSL's syntax (Racket: `ssl-set-ciphers!`),
 * e.g. `'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=2'`.
 *
 * @throws {@link ExnFail} `ssl-set-ciphers!: setting cipher list failed` when OpenSSL matches
 * no cipher; `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslSetCiphers(ctx: SslContext, cipherSpec: string): void {
  const who = 'ssl-set-ciphers!';
  const context = contextArg(who, ctx);
  check(who, isString, 'string?', cipherSpec);
  const options = changeContext(who, context);
  try {
    tls.createSecureContext({ ciphers: cipherSpec });
  } catch {
    throw failError(who, 'setting cipher list failed');
  }
  options.ciphers = cipherSpec;
}

/**
 * Seals a context (Racket: `ssl-seal-context!`): every later change raises `…: context is
 * sealed; no further changes are allowed`. Sealing twice is allowed.
 *
 * @throws {@link ExnFailContract} if `ctx` is not a context.
 */
export function sslSealContext(ctx: SslContext): void {
  sealContext(contextArg('ssl-seal-context!', ctx));
}

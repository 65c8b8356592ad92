/**
 * Loading certificates and keys into a context: `ssl-load-certificate-chain!`,
 * `ssl-load-private-key!`, `ssl-load-suggested-certificate-authorities!`. Files are read and
 * checked at the call, so a bad file raises there with OpenSSL's reason, as in Racket.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { check } from '../exn/raise.js';
import { changeContext, type SslContext, type SslContextOptions } from './context-core.js';
import { LoadFailure, loadFailed, pemCertificates, readLoadFile } from './pem-files.js';
import { contextOrListener, isPathString } from './target.js';

/** Runs a load for `who`, turning a {@link LoadFailure} into Racket's `load failed from:` error. */
export function runLoad(who: string, path: string, load: () => void): void {
  try {
    load();
  } catch (error) {
    if (error instanceof LoadFailure) throw loadFailed(who, path, error.message);
    throw error;
  }
}

/** The checked arguments of a load: the context (unsealed) and the path. */
function loadTarget(
  who: string,
  ctxOrListener: unknown,
  path: unknown,
): [SslContextOptions, string] {
  const ctx = contextOrListener(who, ctxOrListener);
  const file = check(who, isPathString, 'path-string?', path);
  return [changeContext(who, ctx), file];
}

const NO_START_LINE = 'error:0480006C:PEM routines::no start line';

/**
 * Loads a PEM certificate chain (leaf first, then its intermediates) into a context or an SSL
 * listener's context (Racket: `ssl-load-certificate-chain!`). A previously loaded key that does
 * not match the new leaf is dropped, as OpenSSL does.
 *
 * @throws {@link ExnFail} `ssl-load-certificate-chain!: load failed from: "/x.pem"
 * (error:80000002:system library::No such file or directory)` (or `…no start line` for a file
 * without certificates); `…: context is sealed; no further changes are allowed`.
 * @throws {@link ExnFailContract} for a bad argument.
 * @example
 * ```ts
 * const ctx = sslMakeServerContext('auto');
 * sslLoadCertificateChain(ctx, 'server.pem');
 * sslLoadPrivateKey(ctx, 'server-key.pem');
 * ```
 */
export function sslLoadCertificateChain(ctxOrListener: SslContext | object, path: string): void {
  const who = 'ssl-load-certificate-chain!';
  const [options, file] = loadTarget(who, ctxOrListener, path);
  runLoad(who, file, () => {
    const certs = pemCertificates(readLoadFile(file).toString('latin1'));
    if (certs.length === 0) throw new LoadFailure(NO_START_LINE);
    options.cert = certs.map((c) => c.pem).join('');
    if (options.key !== null && !certs[0]!.cert.checkPrivateKey(createPrivateKey(options.key))) {
      options.key = null;
    }
  });
}

/** The tag of the second field of a DER SEQUENCE (PKCS#1: an INTEGER, PKCS#8: a SEQUENCE), or -1. */
function secondFieldTag(der: Buffer): number {
  let i = 1;
  if (der[0] !== 0x30 || der.length < 2) return -1;
  const len = der[i++]!;
  if (len & 0x80) i += len & 0x7f; // long-form length
  if (der[i] !== 0x02) return -1; // the version INTEGER
  i += 2 + (der[i + 1] ?? 0);
  return der[i] ?? -1;
}

const DECODER_UNSUPPORTED = 'error:1E08010C:DECODER routines::unsupported';

/** The key in `data` as OpenSSL reads it for Racket's `rsa?`/`asn1?` flags, or a {@link LoadFailure}. */
function parseKey(data: Buffer, rsa: boolean, asn1: boolean): KeyObject {
  if (asn1 && data.length === 0) throw new LoadFailure('error:0A08000D:SSL routines::ASN1 lib');
  const attempts: (() => KeyObject)[] = asn1
    ? rsa
      ? // OpenSSL's decoders would take PKCS#8 here too; Racket's RSA-only reader takes PKCS#1 alone.
        secondFieldTag(data) === 0x02
        ? [() => createPrivateKey({ key: data, format: 'der', type: 'pkcs1' })]
        : []
      : (['pkcs8', 'pkcs1', 'sec1'] as const).map(
          (type) => () => createPrivateKey({ key: data, format: 'der', type }),
        )
    : [() => createPrivateKey({ key: data, format: 'pem' })];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // try the next encoding
    }
  }
  throw new LoadFailure(
    asn1 && rsa ? 'error:068000A8:asn1 encoding routines::wrong tag' : DECODER_UNSUPPORTED,
  );
}

/**
 * Loads a private key into a context or an SSL listener's context (Racket:
 * `ssl-load-private-key!`). `rsa` (default true) accepts only RSA keys, as Racket's default
 * does (an EC key raises `…expecting an rsa key`); `asn1` reads DER instead of PEM (with `rsa`,
 * PKCS#1 DER). A key that does not match a loaded certificate raises `…key values mismatch`.
 *
 * @throws {@link ExnFail} `ssl-load-private-key!: load failed from: "/k.pem" (error:…)`;
 * `…: context is sealed; no further changes are allowed`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslLoadPrivateKey(
  ctxOrListener: SslContext | object,
  path: string,
  rsa: unknown = true,
  asn1: unknown = false,
): void {
  const who = 'ssl-load-private-key!';
  const [options, file] = loadTarget(who, ctxOrListener, path);
  runLoad(who, file, () => {
    const key = parseKey(readLoadFile(file), rsa !== false, asn1 !== false);
    if (rsa !== false && key.asymmetricKeyType !== 'rsa') {
      throw new LoadFailure('error:0300007F:digital envelope routines::expecting an rsa key');
    }
    if (options.cert !== null) {
      const leaf = pemCertificates(options.cert)[0]!.cert;
      if (!leaf.checkPrivateKey(key)) {
        throw new LoadFailure('error:05800074:x509 certificate routines::key values mismatch');
      }
    }
    options.key = key.export({ format: 'pem', type: 'pkcs8' }).toString();
  });
}

/**
 * Racket's `ssl-load-suggested-certificate-authorities!`: reads the PEM file (so a bad one
 * raises as in Racket) but changes nothing — Node has no separate list of CA names a server
 * suggests to clients; a server suggests the CAs it trusts (`sslLoadVerifySource`).
 *
 * @throws {@link ExnFail} `…: load failed from: "/x.pem" (error:…)`; `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslLoadSuggestedCertificateAuthorities(
  ctxOrListener: SslContext | object,
  path: string,
): void {
  const who = 'ssl-load-suggested-certificate-authorities!';
  const [, file] = loadTarget(who, ctxOrListener, path);
  runLoad(who, file, () => {
    if (pemCertificates(readLoadFile(file).toString('latin1')).length === 0) {
      throw new LoadFailure(NO_START_LINE);
    }
  });
}

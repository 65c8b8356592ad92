/**
 * Trusted certificates: `ssl-load-verify-source!`, `ssl-load-verify-root-certificates!`,
 * `ssl-load-default-verify-sources!` and the parameter `ssl-default-verify-sources`.
 *
 * OpenSSL looks certificates up in a hashed directory lazily, by subject hash; Node wants them
 * all up front, so a directory's hash-named files (`1a2b3c4d.0`, what `c_rehash` makes) are read
 * when it is loaded. The system stores (`win32-store`, `macosx-keychain`) load Node's bundled
 * root certificates, its stand-in for them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { check, contractError } from '../exn/raise.js';
import { makeParameter, type Parameter } from '../parameter/parameter.js';
import {
  changeContext,
  hasSslContext,
  isSslPortTagged,
  SslContext,
  type SslContextOptions,
} from './context-core.js';
import { runLoad } from './certificates.js';
import {
  checkCertificateShape,
  LoadFailure,
  pemCertificateBlocks,
  readLoadFile,
} from './pem-files.js';
import { contextArg, contextOrListener, isPathString } from './target.js';

/**
 * A verify source (Racket's `verify-source/c`): a PEM file of certificates, a hashed directory
 * of them, or a system store.
 */
export type VerifySource =
  | string
  | readonly ['directory', string]
  | readonly ['win32-store', string]
  | readonly ['macosx-keychain', string | false];

/** Racket's printed contract for a verify source. */
const VERIFY_SOURCE_CONTRACT =
  '(or/c path-string? (list/c (quote directory) path-string?) (list/c (quote win32-store) string?) (list/c (quote macosx-keychain) (or/c #f path-string?)))';

/** Whether `v` is a verify source (Racket: `verify-source/c`). */
export function isVerifySource(v: unknown): v is VerifySource {
  if (isPathString(v)) return true;
  if (!Array.isArray(v) || v.length !== 2) return false;
  const [tag, val] = v as unknown[];
  if (tag === 'directory') return isPathString(val);
  if (tag === 'win32-store') return typeof val === 'string';
  if (tag === 'macosx-keychain') return val === false || isPathString(val);
  return false;
}

/**
 * Adds certificates (PEM blocks) to a context's trusted set, once each; only new ones are
 * checked (the default sources hold every system root twice: a bundle and a directory).
 */
function trust(options: SslContextOptions, pems: readonly string[]): void {
  const known = new Set(options.ca);
  const fresh = pems.filter((pem) => !known.has(pem) && (known.add(pem), true));
  for (const pem of fresh) checkCertificateShape(pem);
  options.ca.push(...fresh);
}

const NO_CERTIFICATE = 'error:05800088:x509 certificate routines::no certificate or crl found';

/** Loads a file of trusted certificates: OpenSSL's `SSL_CTX_load_verify_locations(file)`. */
function loadFile(options: SslContextOptions, file: string): void {
  const pems = pemCertificateBlocks(readLoadFile(file).toString('latin1'));
  if (pems.length === 0) throw new LoadFailure(NO_CERTIFICATE);
  trust(options, pems);
}

const HASHED = /^[0-9a-f]{8}\.[0-9]+$/;

/** Loads a hashed directory's certificates; a missing directory or unreadable file adds nothing (as OpenSSL's lookup finds nothing). */
function loadDirectory(options: SslContextOptions, dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => HASHED.test(n));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    try {
      trust(options, pemCertificateBlocks(readLoadFile(join(dir, name)).toString('latin1')));
    } catch {
      // OpenSSL skips a file it cannot use when it looks a certificate up
    }
  }
}

function loadSource(who: string, ctx: SslContext, src: VerifySource, tryOnly: boolean): void {
  const options = changeContext(who, ctx);
  if (typeof src === 'string') {
    try {
      runLoad(who, src, () => loadFile(options, src));
    } catch (error) {
      if (!tryOnly) throw error;
    }
  } else if (src[0] === 'directory') {
    loadDirectory(options, src[1]);
  } else {
    trust(options, tls.rootCertificates);
  }
}

/**
 * Adds trusted certificates to a context (Racket: `ssl-load-verify-source!`): `src` is a PEM
 * file, `['directory', dir]` (a hashed directory, as `c_rehash` makes; its files are read now),
 * or `['win32-store', name]` / `['macosx-keychain', path | false]`, which load Node's bundled
 * root certificates. Verification (`sslSetVerify`) checks peers against them.
 *
 * @throws {@link ExnFail} `ssl-load-verify-source!: load failed from: "/x.pem"
 * (error:80000002:system library::No such file or directory)`, or `…no certificate or crl
 * found` for a file without certificates; `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 * @example
 * ```ts
 * const ctx = sslMakeClientContext('auto');
 * sslLoadVerifySource(ctx, 'ca.pem');
 * sslSetVerify(ctx, true);
 * ```
 */
export function sslLoadVerifySource(ctx: SslContext, src: VerifySource): void {
  const who = 'ssl-load-verify-source!';
  const context = contextArg(who, ctx);
  check(who, isVerifySource, VERIFY_SOURCE_CONTRACT, src);
  loadSource(who, context, src, false);
}

/**
 * Racket's deprecated `ssl-load-verify-root-certificates!`: adds a PEM file of trusted
 * certificates to a context or an SSL listener's context.
 *
 * @throws {@link ExnFail} `…: load failed from: "/x.pem" (error:…)`; `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslLoadVerifyRootCertificates(
  ctxOrListener: SslContext | object,
  path: string,
): void {
  const who = 'ssl-load-verify-root-certificates!';
  // Racket's contract admits SSL ports, then its body rejects them.
  if (
    !isSslPortTagged(ctxOrListener) &&
    !(ctxOrListener instanceof SslContext) &&
    !hasSslContext(ctxOrListener)
  ) {
    throw contractError(who, '(or/c ssl-context? ssl-listener? ssl-port?)', ctxOrListener);
  }
  check(who, isPathString, 'path-string?', path);
  const ctx = contextOrListener(who, ctxOrListener);
  const options = changeContext(who, ctx);
  runLoad(who, path, () => loadFile(options, path));
}

/** OpenSSL's default verify locations on this system, as Racket computes them (from the environment, else the Debian/Ubuntu OPENSSLDIR). */
function defaultSources(): VerifySource[] {
  if (process.platform === 'win32') return [['win32-store', 'ROOT']];
  if (process.platform === 'darwin') return [['macosx-keychain', false]];
  const file = process.env['SSL_CERT_FILE'] || '/usr/lib/ssl/cert.pem';
  const dirs = (process.env['SSL_CERT_DIR'] || '/usr/lib/ssl/certs').split(':');
  return [file, ...dirs.filter((d) => d !== '').map((d): VerifySource => ['directory', d])];
}

/**
 * The verify sources `sslLoadDefaultVerifySources` loads, and so `'secure'` contexts trust
 * (Racket: `ssl-default-verify-sources`). On Linux, as Racket computes it: `$SSL_CERT_FILE`
 * and each directory of `$SSL_CERT_DIR`, else `/usr/lib/ssl/cert.pem` and
 * `['directory', '/usr/lib/ssl/certs']`; on Windows and macOS the system store, which loads
 * Node's bundled root certificates.
 *
 * @throws {@link ExnFailContract} when set to anything but an array of verify sources.
 */
export const sslDefaultVerifySources: Parameter<readonly VerifySource[]> = makeParameter<
  readonly VerifySource[]
>(defaultSources(), (v) => {
  const who = 'ssl-default-verify-sources';
  if (!Array.isArray(v)) throw contractError(who, 'list?', v);
  for (const src of v as unknown[]) {
    if (!isVerifySource(src)) throw contractError(who, VERIFY_SOURCE_CONTRACT, src);
  }
  return [...(v as VerifySource[])];
});

/**
 * Loads every source of {@link sslDefaultVerifySources} into a context (Racket:
 * `ssl-load-default-verify-sources!`); a source that fails to load is skipped, as Racket does.
 *
 * @throws {@link ExnFail} `ssl-load-verify-source!: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslLoadDefaultVerifySources(ctx: SslContext): void {
  const context = contextArg('ssl-load-default-verify-sources!', ctx);
  for (const src of sslDefaultVerifySources())
    loadSource('ssl-load-verify-source!', context, src, true);
}

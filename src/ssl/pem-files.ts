/**
 * Reading the PEM and DER files contexts load, with the failures worded as OpenSSL words them
 * to Racket (`error:80000002:system library::No such file or directory`), so a load raises at
 * the call — as Racket's does — instead of at the next connection.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { failError } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { posixErrno } from '../exn/errno.js';
import { opensslReason, systemLibraryReason } from './openssl-reason.js';

/** A load failure carrying OpenSSL's reason; {@link loadFailed} turns it into Racket's error. */
export class LoadFailure extends Error {}

/** Racket's `who: load failed from: "path" (reason)` (`ExnFail`). */
export function loadFailed(who: string, path: string, reason: string) {
  return failError(who, `load failed from: ${formatValue(path)} (${reason})`);
}

/**
 * The bytes of `path`, or a {@link LoadFailure} with OpenSSL's system-library reason. A
 * directory reads as empty: OpenSSL opens it and finds nothing in it.
 */
export function readLoadFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'EISDIR') return Buffer.alloc(0);
    const { code: errno, text } = posixErrno(code);
    throw new LoadFailure(systemLibraryReason(errno, text));
  }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);

/** The certificate blocks of a PEM text, in order, each ending in a newline; not yet parsed. */
export function pemCertificateBlocks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    if (!CERT_LABELS.has(m[1]!)) continue;
    out.push(`${m[1] === 'CERTIFICATE' ? m[0] : m[0].replaceAll(m[1]!, 'CERTIFICATE')}\n`);
  }
  return out;
}

/** Parses one certificate block, or raises a {@link LoadFailure} with OpenSSL's reason. */
export function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new LoadFailure(opensslReason(error) ?? 'error:0480006C:PEM routines::no start line');
  }
}

/**
 * Checks a certificate block's shape without parsing it (a DER SEQUENCE whose length is the
 * data's): parsing hundreds of system roots takes ~100 ms, and Node parses them again when it
 * builds the secure context. Raises a {@link LoadFailure} as {@link parseCertificate} would.
 */
export function checkCertificateShape(pem: string): void {
  const body = pem.replace(/-----[^-]+-----/g, '');
  const der = Buffer.from(body, 'base64');
  let len = der[1] ?? 0;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[2 + i] ?? 0);
    header += n;
  }
  if (der[0] !== 0x30 || header + len !== der.length) parseCertificate(pem);
}

/** The certificate blocks of a PEM text, each checked by parsing it, in order. */
export function pemCertificates(text: string): { pem: string; cert: X509Certificate }[] {
  return pemCertificateBlocks(text).map((pem) => ({ pem, cert: parseCertificate(pem) }));
}

/** The first line of `message`'s reason: OpenSSL's, else the text Node gave. */
export function reasonOf(error: unknown): string {
  return opensslReason(error) ?? (error instanceof Error ? error.message : String(error));
}

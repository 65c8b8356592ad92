/**
 * OpenSSL's error reasons as Racket prints them. Racket shows `ERR_error_string_n`'s text
 * (`error:%08X:<lib>:<func>:<reason>`, the function empty under OpenSSL 3); Node's messages
 * carry the same text, sometimes with the function name and a source location appended
 * (`…:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/…`).
 */

const REASON = /error:([0-9A-Fa-f]{8}):([^:\n]*):[^:\n]*:([^:\n]*)/;

/**
 * Racket's form of an OpenSSL error from a Node error:
 * `error:0A000086:SSL routines::certificate verify failed` (no parentheses; the caller adds
 * them), or null if the error carries none (e.g. a plain `ECONNRESET`).
 *
 * @example
 * ```ts
 * opensslReason(new Error('C0:error:0a000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../x.c:1605'));
 * // 'error:0A000410:SSL routines::sslv3 alert handshake failure'
 * ```
 */
export function opensslReason(error: unknown): string | null {
  const texts: string[] = [];
  if (error instanceof Error) texts.push(error.message);
  else if (typeof error === 'string') texts.push(error);
  const stack = (error as { opensslErrorStack?: unknown } | null)?.opensslErrorStack;
  // Node puts the error it reports first in `message`; the stack holds the ones before it.
  if (Array.isArray(stack)) for (const s of stack) if (typeof s === 'string') texts.push(s);
  for (const text of texts) {
    const m = REASON.exec(text);
    if (m) return `error:${m[1]!.toUpperCase()}:${m[2]}::${m[3]}`;
  }
  return null;
}

/** Racket's reason when a peer's certificate chain (or a host name checked by OpenSSL) fails verification. */
export const CERTIFICATE_VERIFY_FAILED = 'error:0A000086:SSL routines::certificate verify failed';

/**
 * OpenSSL's reason for a system error (as Racket prints a file that cannot be opened):
 * `error:80000002:system library::No such file or directory` for errno 2.
 */
export function systemLibraryReason(errno: number, text: string): string {
  const code = (0x80000000 | errno) >>> 0;
  return `error:${code.toString(16).toUpperCase().padStart(8, '0')}:system library::${text}`;
}

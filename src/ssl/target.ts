/**
 * The first argument of the functions that change a context: a context, or (for most) an SSL
 * listener, whose server context they change — Racket's `(or/c ssl-context? ssl-listener?)`.
 */
import { contractError } from '../exn/raise.js';
import { hasSslContext, sslContextOf, SslContext, SslServerContext } from './context-core.js';

/** `v` as a context, or through an SSL listener, or Racket's contract error for `who`. */
export function contextOrListener(who: string, v: unknown): SslContext {
  if (v instanceof SslContext) return v;
  if (hasSslContext(v)) return v[sslContextOf];
  throw contractError(who, '(or/c ssl-context? ssl-listener?)', v);
}

/** `v` as a context, or Racket's `expected: ssl-context?` error for `who`. */
export function contextArg(who: string, v: unknown): SslContext {
  if (v instanceof SslContext) return v;
  throw contractError(who, 'ssl-context?', v);
}

/** `v` as a server context, or Racket's `expected: ssl-server-context?` error for `who`. */
export function serverContextArg(who: string, v: unknown): SslServerContext {
  if (v instanceof SslServerContext) return v;
  throw contractError(who, 'ssl-server-context?', v);
}

/** Racket's `path-string?`: a non-empty string without a NUL character. */
export const isPathString = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && !v.includes('\0');

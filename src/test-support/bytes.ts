/**
 * Byte strings in tests, one byte a character (Latin-1) as in Racket's `#"…"` literals, so that
 * `bytes('\xff')` is the one byte 255 and `text` shows every byte as one character.
 */
import { type EofObject, isEofObject } from '../port/eof.js';

/** The bytes of `s`, one a character (each below 256). */
export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Bytes `start` to `end` of `u` as a string, one character a byte; `#<eof>` for EOF. */
export const text = (u: Uint8Array | EofObject, start = 0, end?: number): string =>
  isEofObject(u)
    ? '#<eof>'
    : Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('latin1', start, end);

/** `u` in hexadecimal, two digits a byte, for comparing byte strings with readable diffs. */
export const hex = (u: Uint8Array): string =>
  Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('hex');

/** Racket's printed form of the byte string `u` (`#"a\0\377"`), for comparing with Racket's output. */
export const racketBytes = (u: Uint8Array): string =>
  '#"' +
  [...u]
    .map((c) =>
      c === 0 ? '\\0' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8)}`,
    )
    .join('') +
  '"';

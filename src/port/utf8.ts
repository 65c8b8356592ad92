/**
 * UTF-8 decoding as Racket's ports do it: a byte that does not start a valid, complete
 * sequence decodes as U+FFFD and decoding resumes at the next byte (so `E2 82 61` is
 * U+FFFD U+FFFD "a"). A sequence cut off by the end of the buffered bytes is undecided
 * until more bytes or EOF arrive.
 */
import { Buffer } from 'node:buffer';

export const REPLACEMENT = 0xfffd;

/** Decoding one character from the bytes `at(0)`, `at(1)`, … (`available` of them). */
export type CharStep =
  | { readonly codePoint: number; readonly length: number }
  /** The bytes so far are a valid prefix: wait for more (or EOF, then it is U+FFFD). */
  | null;

const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;

export function decodeChar(at: (i: number) => number, available: number, atEof: boolean): CharStep {
  const b0 = at(0);
  if (b0 < 0x80) return { codePoint: b0, length: 1 };
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    if (b0 === 0xe0) lo = 0xa0; // no overlong forms
    if (b0 === 0xed) hi = 0x9f; // no surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
  } else return { codePoint: REPLACEMENT, length: 1 };

  let codePoint = b0 & (0x3f >> need);
  for (let i = 1; i <= need; i++) {
    if (i >= available) return atEof ? { codePoint: REPLACEMENT, length: 1 } : null;
    const b = at(i);
    const ok = i === 1 ? b >= lo && b <= hi : isContinuation(b);
    if (!ok) return { codePoint: REPLACEMENT, length: 1 };
    codePoint = (codePoint << 6) | (b & 0x3f);
  }
  return { codePoint, length: need + 1 };
}

/**
 * Up to `amt` characters decoded from the bytes `at(from)`, `at(from + 1)`, … (`available` in
 * all, counted from 0): the text, how many characters it has, and the offset after them.
 * Stops early at a character cut off by the end, unless `atEof`.
 */
export function decodeChars(
  at: (i: number) => number,
  from: number,
  available: number,
  amt: number,
  atEof: boolean,
): { text: string; count: number; end: number } {
  let offset = from;
  let text = '';
  let count = 0;
  const next = (k: number): number => at(offset + k);
  while (count < amt && offset < available) {
    const step = decodeChar(next, available - offset, atEof);
    if (step === null) break;
    text += String.fromCodePoint(step.codePoint);
    offset += step.length;
    count++;
  }
  return { text, count, end: offset };
}

/**
 * Node's own UTF-8 decoder, which takes a range of any `Uint8Array` (no view, no copy) and is
 * several times faster than `TextDecoder` on short strings such as lines. It is `Buffer`'s
 * long-standing internal method behind `toString('utf8', start, end)`.
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice: Utf8Slice }).utf8Slice;
type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;

/** Decodes a whole byte string (as if followed by EOF). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decodeUtf8Range(bytes, 0, bytes.length);
}

/** Decodes `bytes[start…end)` (as if followed by EOF). */
export function decodeUtf8Range(bytes: Uint8Array, start: number, end: number): string {
  // An empty line (the end of every HTTP request's headers) needs no call into Node.
  if (end === start) return '';
  // Valid input (the common case) decodes natively. Node replaces invalid sequences with
  // U+FFFD by another rule than Racket's, so text with a U+FFFD in it is decoded again here.
  const text = utf8Slice.call(bytes, start, end);
  return text.includes('\uFFFD') ? decodeUtf8Slowly(bytes.subarray(start, end)) : text;
}

function decodeUtf8Slowly(bytes: Uint8Array): string {
  let out = '';
  const parts: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const step = decodeChar((k) => bytes[i + k]!, bytes.length - i, true)!;
    out += String.fromCodePoint(step.codePoint);
    if (out.length > 4096) {
      parts.push(out);
      out = '';
    }
    i += step.length;
  }
  parts.push(out);
  return parts.join('');
}

const encoder = new TextEncoder();

export function encodeUtf8(s: string): Uint8Array {
  // Lone surrogates in a JS string encode as U+FFFD, as Racket strings cannot hold them.
  return encoder.encode(s);
}

/**
 * Line, column and position counting (Racket's `port-count-lines!`), as Racket's
 * `io/port/count.rkt` counts: over the bytes read or written, decoding UTF-8 as it goes.
 *
 * - LF, CR, and CR LF are each one line break (CR LF is one position, even split across reads).
 * - A tab moves the column to the next multiple of 8.
 * - Columns and positions count characters. The bytes of a multi-byte character each count
 *   tentatively until the character is complete, which then counts as one (so a character split
 *   across reads shows the tentative counts in between, as in Racket); a sequence that turns out
 *   invalid counts one character per byte, as the decoder's U+FFFD replacements do.
 */
import { type ChunkQueue } from './chunk-queue.js';

const LF = 10;
const CR = 13;
const TAB = 9;

export class LineCounter {
  line = 1;
  column = 0;
  position: number;
  /** The last byte was a CR: an LF now is part of the same break. */
  #cr = false;
  /** Bytes of the incomplete multi-byte character so far (0: none), and its length. */
  #pending = 0;
  #need = 0;
  /** The range the next continuation byte must be in (narrower after some lead bytes). */
  #lo = 0x80;
  #hi = 0xbf;

  constructor(position: number) {
    this.position = position;
  }

  /** Counts `bytes[start…end)`. */
  countBytes(bytes: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.countByte(bytes[i]!);
  }

  /** Counts the first `n` unread bytes of `chunks` (before they are consumed). */
  countQueue(chunks: ChunkQueue, n: number): void {
    let offset = chunks.head;
    for (let ci = 0; n > 0; ci++) {
      const chunk = chunks.at(ci);
      const take = Math.min(chunk.length - offset, n);
      this.countBytes(chunk, offset, offset + take);
      n -= take;
      offset = 0;
    }
  }

  countByte(b: number): void {
    if (this.#pending > 0) {
      if (b >= this.#lo && b <= this.#hi) {
        // A continuation byte counts tentatively; a complete character counts as one.
        this.#lo = 0x80;
        this.#hi = 0xbf;
        if (++this.#pending === this.#need) {
          const back = this.#need - 2;
          this.column -= back;
          this.position -= back;
          this.#pending = 0;
        } else {
          this.column++;
          this.position++;
        }
        return;
      }
      // Not a continuation: the bytes so far stay one (invalid) character each; `b` starts anew.
      this.#pending = 0;
    }
    if (b === LF) {
      if (!this.#cr) this.#newLine();
      this.#cr = false;
      return;
    }
    this.#cr = false;
    this.position++;
    if (b === CR) {
      this.line++;
      this.column = 0;
      this.#cr = true;
    } else if (b === TAB) {
      this.column = (this.column & ~7) + 8;
    } else {
      this.column++;
      if (b >= 0x80) this.#lead(b);
    }
  }

  #newLine(): void {
    this.line++;
    this.column = 0;
    this.position++;
  }

  /** A byte ≥ 0x80 outside a character: the start of a multi-byte one, if it is a lead byte. */
  #lead(b: number): void {
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 3;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // nothing past U+10FFFF
    }
    if (need === 0) return;
    this.#pending = 1;
    this.#need = need;
    this.#lo = lo;
    this.#hi = hi;
  }

  /**
   * Counts the characters of `str` as its UTF-8 encoding would count (a lone surrogate is
   * written as U+FFFD, one character).
   */
  countString(str: string): void {
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c < 0x80) this.countByte(c);
      else {
        // Any non-ASCII character: its bytes complete a character, so it counts as one.
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
          const d = str.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) i++;
        }
        this.#nonAscii();
      }
    }
  }

  /** One whole non-ASCII character (after any incomplete one, which stays as it counted). */
  #nonAscii(): void {
    this.#pending = 0;
    this.#cr = false;
    this.column++;
    this.position++;
  }
}

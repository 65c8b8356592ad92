/**
 * The character and line primitives of input ports (`read-line`, `read-string`, `peek-char`,
 * …) over the port's buffered bytes; like the byte primitives of `InputPort`, each commits
 * (consumes exactly what it returns) or answers NOT_READY.
 */
import { NOT_READY, type NotReady } from '../evt/evt.js';
import { type EofObject } from './eof.js';
import { type InputPort } from './input-port.js';
import { CR_AT_END, findLineEnd, type LineMode } from './line-scan.js';
import { decodeChar, decodeChars, decodeUtf8Range } from './utf8.js';

/**
 * `read-line` / `read-bytes-line`: the bytes up to the next separator of `mode` (which is
 * consumed, not returned), or the rest at EOF, or EOF. With `asText` the line comes decoded
 * (`read-line`), straight from the buffer when it lies in one chunk.
 */
export function takeLine(
  port: InputPort,
  who: string,
  mode: LineMode,
  asText: false,
): Uint8Array | EofObject | NotReady;
export function takeLine(
  port: InputPort,
  who: string,
  mode: LineMode,
  asText: true,
): string | EofObject | NotReady;
export function takeLine(
  port: InputPort,
  who: string,
  mode: LineMode,
  asText: boolean,
): string | Uint8Array | EofObject | NotReady {
  port.checkOpen(who);
  const chunks = port.chunks;
  const size = chunks.size;
  const end = findLineEnd(chunks, mode, port.ended);
  if (end === CR_AT_END) {
    // Is the CR followed by LF? Only the next byte can tell.
    port.want(size + 1);
    return NOT_READY;
  }
  let length: number;
  let sepLength: number;
  if (end < 0) {
    // No separator: the rest is the last line at EOF; otherwise wait for more.
    if (!port.ended || size === 0) return port.nothingMore(size + 1, true);
    length = size;
    sepLength = 0;
  } else {
    length = Math.floor(end / 4);
    sepLength = end % 4;
  }
  const first = chunks.at(0);
  const head = chunks.head;
  let line: string | Uint8Array;
  if (asText && first.length - head >= length) line = decodeUtf8Range(first, head, head + length);
  else {
    const bytes = chunks.copyFront(length);
    line = asText ? decodeUtf8Range(bytes, 0, length) : bytes;
  }
  port.consume(length + sepLength);
  return line;
}

/**
 * `read-string` / `read-char` / `peek-char`: up to `amt` characters after `skip` bytes (read
 * if `consume`, else peeked), fewer only at EOF; EOF when there is none.
 */
export function charsAt(
  port: InputPort,
  who: string,
  amt: number,
  skip: number,
  consume: boolean,
): string | EofObject | NotReady {
  port.checkOpen(who);
  const chunks = port.chunks;
  if (amt === 0) return '';
  const size = chunks.size;
  const chars = decodeChars(chunks.byteReader(), skip, size, amt, port.ended);
  // An incomplete character, or too few and no EOF yet, or none: wait for more bytes.
  if ((chars.count < amt && !port.ended) || chars.count === 0) {
    return port.nothingMore(size + 1, consume);
  }
  if (consume) port.consume(chars.end - skip);
  else port.peekedTo(chars.end);
  return chars.text;
}

/** Whether a whole character (or EOF) can be read without waiting. */
export function isCharReadyIn(port: InputPort, who: string): boolean {
  port.checkOpen(who);
  const chunks = port.chunks;
  if (chunks.size === 0) return port.ended;
  return port.ended || decodeChar(chunks.byteReader(), chunks.size, false) !== null;
}

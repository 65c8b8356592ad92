/**
 * Writing to output ports (Racket's "Byte and String Output"). Writes resolve to the count
 * written (all of it) and take effect in call order even when callers do not await them.
 * Plain functions over `asPromise`, not `async` ones: a write that completes at once costs
 * one settled promise (none, for those that resolve to nothing).
 */

import { asPromise, check, checkRange, DONE, isByte, isString } from '../exn/raise.js';
import { checkBytesRange, checkOutputPort } from './check.js';
import { type OutputPort } from './output-port.js';
import { encodeUtf8 } from './utf8.js';

const NEWLINE = new Uint8Array([0x0a]);

/** The promise of a write that resolves to nothing once `done` has. */
const voidOf = (done: Promise<unknown> | unknown): Promise<void> =>
  done instanceof Promise ? done.then(ignore) : DONE;
const ignore = (): void => {};

export function writeBytes(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  return asPromise(() => {
    const port = checkOutputPort('write-bytes', out);
    const { bstr: bytes, start: s, end: e } = checkBytesRange('write-bytes', bstr, start, end);
    return port.write('write-bytes', bytes, s, e);
  });
}

export function writeByte(b: number, out: OutputPort): Promise<void> {
  return asPromise(() => {
    check('write-byte', isByte, 'byte?', b);
    const port = checkOutputPort('write-byte', out);
    return voidOf(port.write('write-byte', new Uint8Array([b]), 0, 1));
  });
}

const isChar = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 2 && [...v].length === 1;

export function writeChar(ch: string, out: OutputPort): Promise<void> {
  return asPromise(() => {
    check('write-char', isChar, 'char?', ch);
    const port = checkOutputPort('write-char', out);
    const bytes = encodeUtf8(ch);
    return voidOf(port.write('write-char', bytes, 0, bytes.length));
  });
}

/**
 * Writes `str[start…end)` as UTF-8; resolves to the number of characters written.
 * Indexes count UTF-16 code units, as JavaScript strings do.
 */
export function writeString(
  str: string,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  return asPromise(() => {
    check('write-string', isString, 'string?', str);
    const port = checkOutputPort('write-string', out);
    const [s, e] = checkRange('write-string', str, start ?? 0, end ?? str.length);
    const count = e - s;
    const written = port.writeString('write-string', count === str.length ? str : str.slice(s, e));
    return typeof written === 'number' ? count : written.then(() => count);
  });
}

export function newline(out: OutputPort): Promise<void> {
  return asPromise(() => {
    const port = checkOutputPort('newline', out);
    return voidOf(port.write('newline', NEWLINE, 0, 1));
  });
}

/** Flushes the buffer, then writes at least one byte straight to the port's destination. */
export function writeBytesAvail(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  return asPromise(() => {
    const port = checkOutputPort('write-bytes-avail', out);
    const {
      bstr: bytes,
      start: s,
      end: e,
    } = checkBytesRange('write-bytes-avail', bstr, start, end);
    return port.writeAvail('write-bytes-avail', bytes, s, e);
  });
}

/**
 * Never waits: the count written now, `0` when the port's buffer is out but nothing more fits,
 * `false` when buffered (or queued) output cannot go out now, as Racket's `write-bytes-avail*`.
 */
export function writeBytesAvailNowait(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): number | false {
  const who = 'write-bytes-avail*';
  const port = checkOutputPort(who, out);
  const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
  port.checkOpen(who);
  if (!port.isIdle) return false;
  return port.writeAvailNow(who, bytes, s, e);
}

/** Resolves once everything buffered has been handed on (to the socket, to the pipe). */
export function flushOutput(out: OutputPort): Promise<void> {
  return asPromise(() => {
    const port = checkOutputPort('flush-output', out);
    return voidOf(port.flush('flush-output'));
  });
}

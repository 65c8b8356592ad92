/**
 * Writing to output ports (Racket's "Byte and String Output"). Writes resolve to the count
 * written (all of it) and take effect in call order even when callers do not await them.
 */
import { check, checkRange, isByte, isString } from '../exn/raise.js';
import { checkBytesRange, checkOutputPort } from './check.js';
import { type OutputPort } from './output-port.js';
import { encodeUtf8 } from './utf8.js';

const NEWLINE = new Uint8Array([0x0a]);

export async function writeBytes(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  const port = checkOutputPort('write-bytes', out);
  const [bytes, s, e] = checkBytesRange('write-bytes', bstr, start, end);
  return port.write('write-bytes', bytes, s, e);
}

export async function writeByte(b: number, out: OutputPort): Promise<void> {
  check('write-byte', isByte, 'byte?', b);
  const port = checkOutputPort('write-byte', out);
  await port.write('write-byte', new Uint8Array([b]), 0, 1);
}

const isChar = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 2 && [...v].length === 1;

export async function writeChar(ch: string, out: OutputPort): Promise<void> {
  check('write-char', isChar, 'char?', ch);
  const port = checkOutputPort('write-char', out);
  const bytes = encodeUtf8(ch);
  await port.write('write-char', bytes, 0, bytes.length);
}

/**
 * Writes `str[start…end)` as UTF-8; resolves to the number of characters written.
 * Indexes count UTF-16 code units, as JavaScript strings do.
 */
export async function writeString(
  str: string,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  check('write-string', isString, 'string?', str);
  const port = checkOutputPort('write-string', out);
  const [s, e] = checkRange('write-string', str, start ?? 0, end ?? str.length);
  const bytes = encodeUtf8(s === 0 && e === str.length ? str : str.slice(s, e));
  await port.write('write-string', bytes, 0, bytes.length);
  return e - s;
}

export async function newline(out: OutputPort): Promise<void> {
  const port = checkOutputPort('newline', out);
  await port.write('newline', NEWLINE, 0, 1);
}

/** Flushes the buffer, then writes at least one byte straight to the port's destination. */
export async function writeBytesAvail(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  const port = checkOutputPort('write-bytes-avail', out);
  const [bytes, s, e] = checkBytesRange('write-bytes-avail', bstr, start, end);
  return port.writeAvail('write-bytes-avail', bytes, s, e);
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
  const [bytes, s, e] = checkBytesRange(who, bstr, start, end);
  port.checkOpen(who);
  if (!port.isIdle) return false;
  return port.writeAvailNow(who, bytes, s, e);
}

/** Resolves once everything buffered has been handed on (to the socket, to the pipe). */
export async function flushOutput(out: OutputPort): Promise<void> {
  const port = checkOutputPort('flush-output', out);
  await port.flush('flush-output');
}

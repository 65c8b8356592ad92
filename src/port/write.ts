/**
 * Writing to output ports (Racket's "Byte and String Output"). Writes resolve to the count
 * written (all of it) and take effect in call order even when callers do not await them.
 * Plain functions over `asPromise`, not `async` ones: a write that completes at once costs
 * one settled promise (none, for those that resolve to nothing).
 */

import { asPromise, check, checkRange, DONE, isByte, isString, promiseOf } from '../exn/raise.js';
import { checkBytesRange, checkOutputPort } from './check.js';
import { type OutputPort } from './output-port.js';
import { encodeUtf8 } from './utf8.js';

const NEWLINE = new Uint8Array([0x0a]);

/** The promise of a write that resolves to nothing once `done` has. */
const voidOf = (done: Promise<unknown> | unknown): Promise<void> =>
  done instanceof Promise ? done.then(ignore) : DONE;
const ignore = (): void => {};

/**
 * Writes `bstr[start…end)` and resolves to the count, `end - start` (Racket: `write-bytes`).
 * The bytes go into the port's buffer or on to its destination; the write waits only while
 * the destination cannot take more (no unbounded buffering). Writes to one port take effect
 * in call order, even when not awaited. Block-buffered ports (TCP) send nothing until a flush,
 * a full buffer or a close: see {@link flushOutput}.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export function writeBytes(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  return promiseOf(writeBytesNow, bstr, out, start, end);
}

function writeBytesNow(bstr: unknown, out: unknown, start: unknown, end: unknown) {
  const port = checkOutputPort('write-bytes', out);
  const { bstr: bytes, start: s, end: e } = checkBytesRange('write-bytes', bstr, start, end);
  return port.write('write-bytes', bytes, s, e);
}

/**
 * Writes one byte, `b` (0–255) (Racket: `write-byte`). As {@link writeBytes} for the rest.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export function writeByte(b: number, out: OutputPort): Promise<void> {
  return asPromise(() => {
    check('write-byte', isByte, 'byte?', b);
    const port = checkOutputPort('write-byte', out);
    return voidOf(port.write('write-byte', new Uint8Array([b]), 0, 1));
  });
}

const isChar = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 2 && [...v].length === 1;

/**
 * Writes one character (one code point: a string of one, or of a surrogate pair) as UTF-8
 * (Racket: `write-char`). As {@link writeBytes} for the rest.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export function writeChar(ch: string, out: OutputPort): Promise<void> {
  return asPromise(() => {
    check('write-char', isChar, 'char?', ch);
    const port = checkOutputPort('write-char', out);
    const bytes = encodeUtf8(ch);
    return voidOf(port.write('write-char', bytes, 0, bytes.length));
  });
}

/**
 * Writes `str[start…end)` as UTF-8 and resolves to the count, `end - start` (Racket:
 * `write-string`). Indexes count UTF-16 code units, as JavaScript strings do (Racket counts
 * characters). As {@link writeBytes} for buffering and order.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const [input, output] = await tcpConnect('example.com', 80);
 * await writeString('GET / HTTP/1.0\r\nHost: example.com\r\n\r\n', output);
 * await flushOutput(output); // TCP ports are block-buffered
 * ```
 */
export function writeString(
  str: string,
  out: OutputPort,
  start?: number,
  end?: number,
): Promise<number> {
  return promiseOf(writeStringNow, str, out, start, end);
}

function writeStringNow(str: unknown, out: unknown, start: unknown, end: unknown) {
  const text = check('write-string', isString, 'string?', str);
  const port = checkOutputPort('write-string', out);
  // Only a part needs a range check (and its array): the whole string is the usual case.
  const part =
    start == null && end == null
      ? text
      : text.slice(...checkRange('write-string', text, start ?? 0, end ?? text.length));
  const count = part.length;
  const written = port.writeString('write-string', part);
  return typeof written === 'number' ? count : written.then(() => count);
}

/**
 * Writes a newline (LF) (Racket: `newline`); a `'line'`-buffered port flushes at it.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export function newline(out: OutputPort): Promise<void> {
  return asPromise(() => {
    const port = checkOutputPort('newline', out);
    return voidOf(port.write('newline', NEWLINE, 0, 1));
  });
}

/**
 * Flushes the port's buffer, then writes as many of `bstr[start…end)` as the destination takes
 * now, at least one, waiting until it takes one; resolves to the count (Racket:
 * `write-bytes-avail`). Nothing is left buffered. `0` only when `start === end`.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
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
 * Like {@link writeBytesAvail} but never waits (Racket: `write-bytes-avail*`): the count written
 * now; `0` when the port's buffer is out but nothing more fits; `false` when buffered (or
 * queued) output cannot go out now.
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFail} if the port is closed.
 * @throws {@link ExnFailNetworkErrno} if the destination failed.
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

/**
 * Hands everything buffered on to the port's destination (the socket, the pipe) and resolves
 * once it has, waiting while the destination cannot take more (Racket: `flush-output`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is written.
 * @throws {@link ExnFail} if the port is closed (by another thread, while the write waits).
 * @throws {@link ExnFailNetworkErrno} if the destination failed (a TCP peer gone: "error
 *   writing to stream port").
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export function flushOutput(out: OutputPort): Promise<void> {
  try {
    return voidOf(checkOutputPort('flush-output', out).flush('flush-output'));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Reading characters and lines from input ports (Racket's "Byte and String Input"; bytes are in
 * `read.ts`): characters are decoded as UTF-8, each byte of an invalid or incomplete sequence
 * as U+FFFD. As in `read.ts`, each function tries once synchronously and waits only if it must.
 */
import { asPromise, promiseOf } from '../exn/raise.js';
import { attemptOrWait, mapResult } from './attempt-evt.js';
import {
  checkAmount,
  checkCharArray,
  checkCharsRange,
  checkInputPort,
  checkLineMode,
} from './check.js';
import { type EofObject, isEofObject } from './eof.js';
import { type InputPort, type LineMode } from './input-port.js';
import { charsAt, isCharReadyIn, takeLine } from './input-text.js';

/**
 * What a read resolves to: the value, or {@link eof} once the port has no more data.
 *
 * @inline
 */
type Read<T> = Promise<T | EofObject>;

// The attempts behind the reads (see `Attempt` and `read.ts`).
const takeChars = (port: InputPort, who: string, amt: number) => charsAt(port, who, amt, 0, true);
const peekCharAt = (port: InputPort, who: string, skip: number) =>
  charsAt(port, who, 1, skip, false);
const peekCharsAt = (port: InputPort, amt: number, skip: number) =>
  charsAt(port, 'peek-string', amt, skip, false);
const takeLineText = (port: InputPort, who: string, mode: LineMode) =>
  takeLine(port, who, mode, true);
const takeLineBytes = (port: InputPort, who: string, mode: LineMode) =>
  takeLine(port, who, mode, false);

/**
 * Reads one character, decoded as UTF-8 (each byte of an invalid or incomplete sequence reads
 * as U+FFFD), waiting for all its bytes; {@link eof} at end of file (Racket: `read-char`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readChar(inp: InputPort): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('read-char', inp);
    return attemptOrWait(port, false, takeChars, 'read-char', 1);
  });
}

/**
 * The character that starts `skip` bytes ahead, without consuming anything (Racket:
 * `peek-char`); {@link eof} if the port ends first.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function peekChar(inp: InputPort, skip: number = 0): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('peek-char', inp);
    const s = checkAmount('peek-char', skip);
    return attemptOrWait(port, false, peekCharAt, 'peek-char', s);
  });
}

/**
 * Reads `amt` characters, decoded as UTF-8, waiting until all are there (Racket:
 * `read-string`): fewer only if the port ends first; {@link eof} if it has ended.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readString(amt: number, inp: InputPort): Read<string> {
  return asPromise(() => {
    const n = checkAmount('read-string', amt);
    const port = checkInputPort('read-string', inp);
    return attemptOrWait(port, false, takeChars, 'read-string', n);
  });
}

/**
 * The `amt` characters that start `skip` bytes ahead, decoded as UTF-8, without consuming
 * anything, waiting until all are there (Racket: `peek-string`): fewer only if the port ends
 * first; {@link eof} if it ends before them. `skip` counts bytes, as in Racket.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function peekString(amt: number, skip: number, inp: InputPort): Read<string> {
  return asPromise(() => {
    const n = checkAmount('peek-string', amt);
    const s = checkAmount('peek-string', skip);
    const port = checkInputPort('peek-string', inp);
    return attemptOrWait(port, false, peekCharsAt, n, s);
  });
}

/**
 * Reads characters into `chars[start…end)` until it is full, and resolves to the count
 * (Racket: `read-string!`): fewer only if the port ends first; {@link eof} if it has ended.
 * JavaScript strings are immutable, so the mutable string is an array of one-character
 * strings (one per code point), as `[...'text']` makes.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readStringInto(
  chars: string[],
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return asPromise(() => {
    const who = 'read-string!';
    const dest = checkCharArray(who, chars, 'string?');
    const port = checkInputPort(who, inp);
    const [s, e] = checkCharsRange(who, dest, start, end);
    const read = attemptOrWait(port, false, takeChars, who, e - s);
    return mapResult(read, (r) => (isEofObject(r) ? r : storeChars(dest, s, r)));
  });
}

/** Puts the characters of `text` into `dest` from `start` on; returns how many. */
export function storeChars(dest: string[], start: number, text: string): number {
  let i = start;
  for (const c of text) dest[i++] = c;
  return i - start;
}

/**
 * Reads the next line, decoded as UTF-8, without its separator (Racket: `read-line`); the rest
 * of the data if the port ends without one; {@link eof} if it has ended. `mode` says what ends
 * a line: `'linefeed'` (the default), `'return'`, `'return-linefeed'`, `'any'` (any of the
 * three) or `'any-one'` (LF or CR alone).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 * @example
 * ```ts
 * for (;;) {
 *   const line = await readLine(input, 'any');
 *   if (isEofObject(line)) break;
 *   console.log(line);
 * }
 * ```
 */
export function readLine(inp: InputPort, mode?: LineMode): Read<string> {
  // No closure per call (as asPromise would take): a server reads lines by the thousand.
  return promiseOf(readLineNow, inp, mode);
}

function readLineNow(inp: unknown, mode: unknown) {
  const port = checkInputPort('read-line', inp);
  return attemptOrWait(port, false, takeLineText, 'read-line', checkLineMode('read-line', mode));
}

/**
 * Like {@link readLine}, but the line comes as bytes, not decoded (Racket: `read-bytes-line`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readBytesLine(inp: InputPort, mode?: LineMode): Read<Uint8Array> {
  return promiseOf(readBytesLineNow, inp, mode);
}

function readBytesLineNow(inp: unknown, mode: unknown) {
  const port = checkInputPort('read-bytes-line', inp);
  const m = checkLineMode('read-bytes-line', mode);
  return attemptOrWait(port, false, takeLineBytes, 'read-bytes-line', m);
}

/**
 * Whether a read of one character would not wait: a whole UTF-8 character or EOF is there
 * (Racket: `char-ready?`).
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port.
 * @throws {@link ExnFail} if the port is closed.
 */
export function isCharReady(inp: InputPort): boolean {
  // Racket CS names `byte-ready?` in the closed-port error of `char-ready?` too.
  return isCharReadyIn(checkInputPort('char-ready?', inp), 'byte-ready?');
}

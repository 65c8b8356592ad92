/**
 * Reading from input ports (Racket's "Byte and String Input"). Every function checks its
 * arguments, tries once synchronously, and waits (as a breakable `sync`) only if it must.
 * They are plain functions over `asPromise`, not `async` ones: a read that waits resolves its
 * caller's `await` directly from the wait, one promise turn in all.
 */
import { NOT_READY } from '../evt/evt.js';
import { asPromise, type ByteRange } from '../exn/raise.js';
import { attemptOrWait, mapResult } from './attempt-evt.js';
import {
  checkAmount,
  checkBytesRange,
  checkInputPort,
  checkLineMode,
  checkNoProgressEvt,
} from './check.js';
import { type EofObject, isEofObject } from './eof.js';
import { type InputPort, type LineMode } from './input-port.js';

type Read<T> = Promise<T | EofObject>;

// The attempts behind the reads (see `Attempt`): plain functions, so a read whose bytes are
// already buffered allocates nothing but its result and its promise.
const takeByte = (port: InputPort, who: string, skip: number) => port.takeByte(who, skip, true);
const peekByteAt = (port: InputPort, who: string, skip: number) => port.takeByte(who, skip, false);
const takeChars = (port: InputPort, who: string, amt: number) => port.takeChars(who, amt, 0, true);
const peekCharAt = (port: InputPort, who: string, skip: number) =>
  port.takeChars(who, 1, skip, false);
const takeBytes = (port: InputPort, who: string, amt: number) => port.takeBytes(who, amt, 0, true);
const peekBytesAt = (port: InputPort, amt: number, skip: number) =>
  port.takeBytes('peek-bytes', amt, skip, false);
const peekBytesInto1 = (port: InputPort, amt: number, skip: number) =>
  port.takeBytes('peek-bytes!', amt, skip, false);
const readInto = (port: InputPort, who: string, range: ByteRange) =>
  port.readInto(who, range.bstr, range.start, range.end);
const readAvailInto = (port: InputPort, who: string, range: ByteRange) =>
  port.readAvailInto(who, range.bstr, range.start, range.end);
const peekAvailInto = (port: InputPort, skip: number, range: ByteRange) =>
  port.peekAvailInto('peek-bytes-avail!', range.bstr, range.start, range.end, skip);
const takeLineText = (port: InputPort, who: string, mode: LineMode) =>
  port.takeLine(who, mode, true);
const takeLineBytes = (port: InputPort, who: string, mode: LineMode) =>
  port.takeLine(who, mode, false);

export function readByte(inp: InputPort): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('read-byte', inp);
    return attemptOrWait(port, false, takeByte, 'read-byte', 0);
  });
}

export function peekByte(inp: InputPort, skip: number = 0): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('peek-byte', inp);
    const s = checkAmount('peek-byte', skip);
    return attemptOrWait(port, false, peekByteAt, 'peek-byte', s);
  });
}

/** One character, decoded as UTF-8 (an invalid byte reads as U+FFFD). */
export function readChar(inp: InputPort): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('read-char', inp);
    return attemptOrWait(port, false, takeChars, 'read-char', 1);
  });
}

export function peekChar(inp: InputPort, skip: number = 0): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('peek-char', inp);
    const s = checkAmount('peek-char', skip);
    return attemptOrWait(port, false, peekCharAt, 'peek-char', s);
  });
}

/** `amt` bytes; fewer only if EOF comes first; EOF if none. */
export function readBytes(amt: number, inp: InputPort): Read<Uint8Array> {
  return asPromise(() => {
    const n = checkAmount('read-bytes', amt);
    const port = checkInputPort('read-bytes', inp);
    return attemptOrWait(port, false, takeBytes, 'read-bytes', n);
  });
}

export function peekBytes(amt: number, skip: number, inp: InputPort): Read<Uint8Array> {
  return asPromise(() => {
    const n = checkAmount('peek-bytes', amt);
    const s = checkAmount('peek-bytes', skip);
    const port = checkInputPort('peek-bytes', inp);
    return attemptOrWait(port, false, peekBytesAt, n, s);
  });
}

/** `read-bytes!`: fills `bstr[start…end)`; fewer bytes only if EOF comes first. */
export function readBytesInto(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('read-bytes!', inp);
    const range = checkBytesRange('read-bytes!', bstr, start, end);
    return attemptOrWait(port, false, readInto, 'read-bytes!', range);
  });
}

/** `peek-bytes!`: like `readBytesInto` without consuming, after skipping `skip` bytes. */
export function peekBytesInto(
  bstr: Uint8Array,
  skip: number,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return asPromise(() => {
    const s0 = checkAmount('peek-bytes!', skip);
    const port = checkInputPort('peek-bytes!', inp);
    const { bstr: bytes, start: s, end: e } = checkBytesRange('peek-bytes!', bstr, start, end);
    const peeked = attemptOrWait(port, false, peekBytesInto1, e - s, s0);
    return mapResult(peeked, (r) => {
      if (isEofObject(r)) return r;
      bytes.set(r, s);
      return r.length;
    });
  });
}

function readAvail(
  who: string,
  enableBreak: boolean,
  bstr: unknown,
  inp: unknown,
  start: unknown,
  end: unknown,
): Read<number> {
  return asPromise(() => {
    const port = checkInputPort(who, inp);
    const range = checkBytesRange(who, bstr, start, end);
    return attemptOrWait(port, enableBreak, readAvailInto, who, range);
  });
}

/** `read-bytes-avail!`: at least one byte (as many as are there, up to `end - start`), or EOF. */
export function readBytesAvail(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return readAvail('read-bytes-avail!', false, bstr, inp, start, end);
}

export function readBytesAvailEnableBreak(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return readAvail('read-bytes-avail!/enable-break', true, bstr, inp, start, end);
}

/** `read-bytes-avail!*`: never waits; 0 when nothing is there. */
export function readBytesAvailNowait(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): number | EofObject {
  const who = 'read-bytes-avail!*';
  const port = checkInputPort(who, inp);
  const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
  const r = port.readAvailInto(who, bytes, s, e);
  return r === NOT_READY ? 0 : r;
}

/** `peek-bytes-avail!` in Racket's argument order: (bstr, skip, progress = false, in, start, end). */
export function peekBytesAvail(
  bstr: Uint8Array,
  skip: number,
  progress: false | null | undefined,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return asPromise(() => {
    const who = 'peek-bytes-avail!';
    const s0 = checkAmount(who, skip);
    checkNoProgressEvt(who, progress);
    const port = checkInputPort(who, inp);
    const range = checkBytesRange(who, bstr, start, end);
    return attemptOrWait(port, false, peekAvailInto, s0, range);
  });
}

export function peekBytesAvailNowait(
  bstr: Uint8Array,
  skip: number,
  progress: false | null | undefined,
  inp: InputPort,
  start?: number,
  end?: number,
): number | EofObject {
  const who = 'peek-bytes-avail!*';
  const s0 = checkAmount(who, skip);
  checkNoProgressEvt(who, progress);
  const port = checkInputPort(who, inp);
  const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
  const r = port.peekAvailInto(who, bytes, s, e, s0);
  return r === NOT_READY ? 0 : r;
}

/** `amt` characters; fewer only if EOF comes first; EOF if none. */
export function readString(amt: number, inp: InputPort): Read<string> {
  return asPromise(() => {
    const n = checkAmount('read-string', amt);
    const port = checkInputPort('read-string', inp);
    return attemptOrWait(port, false, takeChars, 'read-string', n);
  });
}

/** The next line, without its separator (`mode` as Racket's `read-line`); EOF if none. */
export function readLine(inp: InputPort, mode?: LineMode): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('read-line', inp);
    const m = checkLineMode('read-line', mode);
    return attemptOrWait(port, false, takeLineText, 'read-line', m);
  });
}

export function readBytesLine(inp: InputPort, mode?: LineMode): Read<Uint8Array> {
  return asPromise(() => {
    const port = checkInputPort('read-bytes-line', inp);
    const m = checkLineMode('read-bytes-line', mode);
    return attemptOrWait(port, false, takeLineBytes, 'read-bytes-line', m);
  });
}

export function isByteReady(inp: InputPort): boolean {
  const port = checkInputPort('byte-ready?', inp);
  port.checkOpen('byte-ready?');
  return port.isReady;
}

export function isCharReady(inp: InputPort): boolean {
  // Racket CS names `byte-ready?` in the closed-port error of `char-ready?` too.
  return checkInputPort('char-ready?', inp).isCharReady('byte-ready?');
}

/**
 * Reading from input ports (Racket's "Byte and String Input"). Every function checks its
 * arguments, tries once synchronously, and waits (as a breakable `sync`) only if it must.
 * They are plain functions over `asPromise`, not `async` ones: a read that waits resolves its
 * caller's `await` directly from the wait, one promise turn in all.
 */
import { NOT_READY, type NotReady } from '../evt/evt.js';
import { asPromise } from '../exn/raise.js';
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
import { decodeUtf8 } from './utf8.js';

type Read<T> = Promise<T | EofObject>;

export function readByte(inp: InputPort): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('read-byte', inp);
    return attemptOrWait('read-byte', port, false, () => port.takeByte('read-byte', 0, true));
  });
}

export function peekByte(inp: InputPort, skip: number = 0): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('peek-byte', inp);
    const s = checkAmount('peek-byte', skip);
    return attemptOrWait('peek-byte', port, false, () => port.takeByte('peek-byte', s, false));
  });
}

/** One character, decoded as UTF-8 (an invalid byte reads as U+FFFD). */
export function readChar(inp: InputPort): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('read-char', inp);
    return attemptOrWait('read-char', port, false, () => port.takeChars('read-char', 1, 0, true));
  });
}

export function peekChar(inp: InputPort, skip: number = 0): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('peek-char', inp);
    const s = checkAmount('peek-char', skip);
    return attemptOrWait('peek-char', port, false, () => port.takeChars('peek-char', 1, s, false));
  });
}

/** `amt` bytes; fewer only if EOF comes first; EOF if none. */
export function readBytes(amt: number, inp: InputPort): Read<Uint8Array> {
  return asPromise(() => {
    const n = checkAmount('read-bytes', amt);
    const port = checkInputPort('read-bytes', inp);
    return attemptOrWait('read-bytes', port, false, () => port.takeBytes('read-bytes', n, 0, true));
  });
}

export function peekBytes(amt: number, skip: number, inp: InputPort): Read<Uint8Array> {
  return asPromise(() => {
    const n = checkAmount('peek-bytes', amt);
    const s = checkAmount('peek-bytes', skip);
    const port = checkInputPort('peek-bytes', inp);
    return attemptOrWait('peek-bytes', port, false, () =>
      port.takeBytes('peek-bytes', n, s, false),
    );
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
    const { bstr: bytes, start: s, end: e } = checkBytesRange('read-bytes!', bstr, start, end);
    return attemptOrWait('read-bytes!', port, false, () =>
      port.readInto('read-bytes!', bytes, s, e),
    );
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
    const attempt = (): Uint8Array | EofObject | NotReady =>
      port.takeBytes('peek-bytes!', e - s, s0, false);
    return mapResult(attemptOrWait('peek-bytes!', port, false, attempt), (r) => {
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
    const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
    return attemptOrWait(who, port, enableBreak, () => port.readAvailInto(who, bytes, s, e));
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
    const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
    return attemptOrWait(who, port, false, () => port.peekAvailInto(who, bytes, s, e, s0));
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
    return attemptOrWait('read-string', port, false, () =>
      port.takeChars('read-string', n, 0, true),
    );
  });
}

/** The next line, without its separator (`mode` as Racket's `read-line`); EOF if none. */
export function readLine(inp: InputPort, mode?: LineMode): Read<string> {
  return asPromise(() => {
    const port = checkInputPort('read-line', inp);
    const m = checkLineMode('read-line', mode);
    const line = attemptOrWait('read-line', port, false, () => port.takeLine('read-line', m));
    return mapResult(line, (l) => (isEofObject(l) ? l : decodeUtf8(l)));
  });
}

export function readBytesLine(inp: InputPort, mode?: LineMode): Read<Uint8Array> {
  return asPromise(() => {
    const port = checkInputPort('read-bytes-line', inp);
    const m = checkLineMode('read-bytes-line', mode);
    return attemptOrWait('read-bytes-line', port, false, () => port.takeLine('read-bytes-line', m));
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

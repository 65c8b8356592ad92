/**
 * Reading bytes from input ports (Racket's "Byte and String Input"; characters and lines are in
 * `read-chars.ts`). Every function checks its
 * arguments, tries once synchronously, and waits (as a breakable `sync`) only if it must.
 * They are plain functions over `asPromise`, not `async` ones: a read that waits resolves its
 * caller's `await` directly from the wait, one promise turn in all.
 */
import { type Evt, NOT_READY, type NotReady } from '../evt/evt.js';
import { asPromise, type ByteRange, promiseOf } from '../exn/raise.js';
import { attemptOrWait, attemptOrWaitProgress, mapResult } from './attempt-evt.js';
import {
  checkAmount,
  checkBytesRange,
  checkInputPort,
  checkProgressArg,
  progressFor,
} from './check.js';
import { type EofObject, isEofObject } from './eof.js';
import { type InputPort } from './input-port.js';
import { isEvtReadyNow, type ProgressEvt } from './progress.js';

/**
 * What a read resolves to: the value, or {@link eof} once the port has no more data.
 *
 * @inline
 */
type Read<T> = Promise<T | EofObject>;

// The attempts behind the reads (see `Attempt`): plain functions, so a read whose bytes are
// already buffered allocates nothing but its result and its promise.
const takeByte = (port: InputPort, who: string, skip: number) => port.byteAt(who, skip, true);
const peekByteAt = (port: InputPort, who: string, skip: number) => port.byteAt(who, skip, false);
const takeBytes = (port: InputPort, who: string, amt: number) => port.bytesAt(who, amt, 0, true);
const peekBytesAt = (port: InputPort, amt: number, skip: number) =>
  port.bytesAt('peek-bytes', amt, skip, false);
const peekBytesInto1 = (port: InputPort, amt: number, skip: number) =>
  port.bytesAt('peek-bytes!', amt, skip, false);
const readInto = (port: InputPort, who: string, range: ByteRange) =>
  port.readInto(who, range.bstr, range.start, range.end);
const readAvailInto = (port: InputPort, who: string, range: ByteRange) =>
  port.readAvailInto(who, range.bstr, range.start, range.end);
const peekAvailInto = (port: InputPort, skip: number, range: ByteRange) =>
  port.peekAvailInto('peek-bytes-avail!', range.bstr, range.start, range.end, skip);

/**
 * Reads one byte (0–255), waiting for it; {@link eof} at end of file (Racket: `read-byte`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readByte(inp: InputPort): Read<number> {
  // No closure per call (as asPromise would take): protocol code reads byte by byte.
  return promiseOf(readByteNow, inp);
}

function readByteNow(inp: unknown) {
  return attemptOrWait(checkInputPort('read-byte', inp), false, takeByte, 'read-byte', 0);
}

/**
 * The byte `skip` bytes ahead, without consuming anything, waiting for it; {@link eof} if the
 * port ends first (Racket: `peek-byte`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function peekByte(inp: InputPort, skip: number = 0): Read<number> {
  return asPromise(() => {
    const port = checkInputPort('peek-byte', inp);
    const s = checkAmount('peek-byte', skip);
    return attemptOrWait(port, false, peekByteAt, 'peek-byte', s);
  });
}

/**
 * Reads `amt` bytes, waiting until all are there (Racket: `read-bytes`): fewer only if the port
 * ends first, {@link eof} if it has ended. The bytes are taken only once all are there, so a
 * break never loses part of them.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 * @example
 * ```ts
 * const header = await readBytes(4, input); // a 4-byte length prefix
 * if (isEofObject(header)) return;
 * const body = await readBytes(Buffer.from(header).readUInt32BE(0), input);
 * ```
 */
export function readBytes(amt: number, inp: InputPort): Read<Uint8Array> {
  return promiseOf(readBytesNow, amt, inp);
}

function readBytesNow(amt: unknown, inp: unknown) {
  const n = checkAmount('read-bytes', amt);
  return attemptOrWait(checkInputPort('read-bytes', inp), false, takeBytes, 'read-bytes', n);
}

/**
 * The `amt` bytes that start `skip` bytes ahead, without consuming anything (Racket:
 * `peek-bytes`): fewer only if the port ends first; {@link eof} if it ends before them.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function peekBytes(amt: number, skip: number, inp: InputPort): Read<Uint8Array> {
  return asPromise(() => {
    const n = checkAmount('peek-bytes', amt);
    const s = checkAmount('peek-bytes', skip);
    const port = checkInputPort('peek-bytes', inp);
    return attemptOrWait(port, false, peekBytesAt, n, s);
  });
}

/**
 * Reads into `bstr[start…end)` until it is full, and resolves to the count (Racket:
 * `read-bytes!`): fewer only if the port ends first; {@link eof} if it has ended.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
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

/**
 * Like {@link readBytesInto}, without consuming anything, after skipping `skip` bytes (Racket:
 * `peek-bytes!`).
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
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
  // Six arguments, more than promiseOf passes on: the same try, written out.
  try {
    const port = checkInputPort(who, inp);
    const range = checkBytesRange(who, bstr, start, end);
    return Promise.resolve(attemptOrWait(port, enableBreak, readAvailInto, who, range));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Reads the bytes that are there into `bstr[start…end)`, waiting only until there is at least
 * one, and resolves to the count (Racket: `read-bytes-avail!`); {@link eof} at end of file.
 * The usual way to read a stream in chunks.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 * @example
 * ```ts
 * const buffer = new Uint8Array(65536);
 * for (;;) {
 *   const n = await readBytesAvail(buffer, input);
 *   if (isEofObject(n)) break;
 *   await writeBytes(buffer, output, 0, n);
 * }
 * ```
 */
export function readBytesAvail(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return readAvail('read-bytes-avail!', false, bstr, inp, start, end);
}

/**
 * {@link readBytesAvail} with breaks enabled while it waits (Racket:
 * `read-bytes-avail!/enable-break`): it either reads or raises the break, never both.
 *
 * @throws {@link ExnFailContract} if an argument is bad, before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 */
export function readBytesAvailEnableBreak(
  bstr: Uint8Array,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return readAvail('read-bytes-avail!/enable-break', true, bstr, inp, start, end);
}

/**
 * Reads the bytes that are there into `bstr[start…end)` without waiting (Racket:
 * `read-bytes-avail!*`): the count, `0` when nothing is there, {@link eof} at end of file.
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFail} if the port is closed.
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset).
 */
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

/**
 * Like {@link readBytesAvail} without consuming anything, after skipping `skip` bytes (Racket:
 * `peek-bytes-avail!`, in its argument order). With a `progress` event (from
 * {@link portProgressEvt} on `inp`), it resolves to `0` instead once that event is ready
 * (bytes were read from the port, or it closed), checked before anything else.
 *
 * @throws {@link ExnFailContract} if an argument is bad, or `progress` is another port's,
 *   before anything is read.
 * @throws {@link ExnFail} if the port is closed (or is closed while the read waits).
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset: "error
 *   reading from stream port"); reads after that give EOF.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled; then
 *   nothing has been read.
 * @example
 * ```ts
 * // Peek a header, then take it only if no other thread read from the port meanwhile.
 * const progress = portProgressEvt(input);
 * const n = await peekBytesAvail(header, 0, progress, input);
 * if (n !== 0 && !isEofObject(n) && (await portCommitPeeked(n, progress, alwaysEvt, input))) {
 *   // header[0…n) is ours
 * }
 * ```
 */
export function peekBytesAvail(
  bstr: Uint8Array,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
  start?: number,
  end?: number,
): Read<number> {
  return asPromise(() => {
    const who = 'peek-bytes-avail!';
    const s0 = checkAmount(who, skip);
    const pe = checkProgressArg(who, progress);
    const port = checkInputPort(who, inp);
    const range = checkBytesRange(who, bstr, start, end);
    const inner = progressFor(who, pe, port);
    if (inner === null) return attemptOrWait(port, false, peekAvailInto, s0, range);
    return attemptOrWaitProgress(port, peekAvailUnlessProgress, s0, { range, inner }, inner);
  });
}

/** A peek with a progress event: 0 once the event is ready, checked first (Racket's order). */
function peekAvailUnlessProgress(
  port: InputPort,
  skip: number,
  arg: { range: ByteRange; inner: Evt },
): number | EofObject | NotReady {
  if (isEvtReadyNow(arg.inner)) return 0;
  return peekAvailInto(port, skip, arg.range);
}

/**
 * Like {@link readBytesAvailNowait} without consuming anything, after skipping `skip` bytes
 * (Racket: `peek-bytes-avail!*`); `0` also when `progress` (if given) is ready.
 *
 * @throws {@link ExnFailContract} if an argument is bad, or `progress` is another port's.
 * @throws {@link ExnFail} if the port is closed.
 * @throws {@link ExnFailNetworkErrno} once, if the port's source failed (a TCP reset).
 */
export function peekBytesAvailNowait(
  bstr: Uint8Array,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
  start?: number,
  end?: number,
): number | EofObject {
  const who = 'peek-bytes-avail!*';
  const s0 = checkAmount(who, skip);
  const pe = checkProgressArg(who, progress);
  const port = checkInputPort(who, inp);
  const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
  const inner = progressFor(who, pe, port);
  if (inner !== null && isEvtReadyNow(inner)) return 0;
  const r = port.peekAvailInto(who, bytes, s, e, s0);
  return r === NOT_READY ? 0 : r;
}

/**
 * Whether a read of one byte would not wait: a byte or EOF is there (Racket: `byte-ready?`).
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port.
 * @throws {@link ExnFail} if the port is closed.
 */
export function isByteReady(inp: InputPort): boolean {
  const port = checkInputPort('byte-ready?', inp);
  port.checkOpen('byte-ready?');
  return port.isReady;
}

// The character and line reads live in `read-chars.ts`; modules that import them from here
// still find them.
export {
  readChar,
  peekChar,
  readString,
  readLine,
  readBytesLine,
  isCharReady,
} from './read-chars.js';

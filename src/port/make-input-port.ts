/**
 * `makeInputPort` (Racket's `make-input-port`): checks its arguments as Racket does and makes a
 * `CustomInputPort`, or a `CustomPeekPort` when `peek` is a procedure.
 */
import { wrapEvt } from '../evt/combinators.js';
import { type Evt, NOT_READY } from '../evt/evt.js';
import { check, contractError, isExactNonnegativeInteger, isProcedure } from '../exn/raise.js';
import { CustomInputPort, portName } from './custom-input-port.js';
import { type CommitProc, CustomPeekPort, type PeekProc } from './custom-peek-port.js';
import { type EofObject } from './eof.js';
import { InputPort, isInputPort } from './input-port.js';

/**
 * What `readIn` may return: a count of bytes it put in the buffer (0: nothing now, try again
 * soon), {@link eof}, an event whose result is one of these (the read waits for it), or a
 * `Promise` of one of these (the same, as an event would).
 */
export type ReadInResult = number | EofObject | Evt | PromiseLike<unknown>;

/** `readIn`: a procedure of the buffer to fill, or an input port to read from instead. */
export type ReadIn = ((bstr: Uint8Array) => ReadInResult) | InputPort;

/** `peek`: `false` (the port peeks by buffering, as Racket does), a procedure, or a port. */
export type Peek =
  ((bstr: Uint8Array, skip: number, progressEvt: Evt | false) => unknown) | InputPort | false;

const isReadIn = (v: unknown): v is ReadIn => isProcedure(v) || isInputPort(v);
const isPeek = (v: unknown): v is Peek => v === false || isProcedure(v) || isInputPort(v);
const isProcOrFalse = (v: unknown) => v === false || isProcedure(v);
const orFalse = (v: unknown): unknown => (v == null ? false : v);

/** A `readIn` that reads whatever `port` has, or waits for it (Racket: `read-in` as a port). */
function readFromPort(port: InputPort): (bstr: Uint8Array) => ReadInResult {
  const ready = wrapEvt(port, () => 0);
  return (bstr) => {
    const r = port.readAvailInto('read-bytes-avail!*', bstr, 0, bstr.length);
    return r === NOT_READY ? ready : r;
  };
}

/**
 * Makes an input port whose bytes come from `readIn` (Racket: `make-input-port`).
 *
 * `readIn(bstr)` puts bytes in `bstr` and returns how many, or returns {@link eof}, `0` (nothing
 * now: it is called again soon; prefer an event), an event to wait on (its result is taken as
 * `readIn`'s: a count of bytes it put in `bstr`, `eof`, `0` or another event), or a `Promise`
 * (handled as such an event). It must not block, and must put no bytes in `bstr` when it
 * returns anything but a count. It is called when a reader needs bytes that are not buffered,
 * with a 4096-byte buffer, as Racket CS does; an exception it raises propagates to that
 * reader. `readIn` may also be an input port, which the port then reads from.
 * `peek` `false`: the port peeks by buffering what `readIn` gives, as Racket does. `peek` a
 * procedure `(bstr, skip, progressEvt)` (results as `readIn`'s, or `false`): byte peeks ask it
 * and take nothing, reads take from `readIn` only what they read, and `getProgressEvt` and
 * `commit` (if given) are the port's progress events and commits (`portProgressEvt`,
 * `portCommitPeeked`). `getLocation`, `countLinesBang`, `initPosition` and `bufferMode` are
 * checked as Racket checks them and not called (the port counts lines itself; see
 * docs/port-library.md). `close()` is called once, when the
 * port is closed. The port is an ordinary {@link InputPort}: every read function, `sync`,
 * line modes and the stream bridges work on it. It belongs to no custodian, as in Racket.
 *
 * @throws {@link ExnFailContract} if an argument is bad; later, from the read that called it,
 *   if `readIn` returns something else than the results above or a count past the buffer.
 * @example
 * ```ts
 * // A port that reads 'ab' forever, a byte at a time.
 * let i = 0;
 * const ab = makeInputPort('ab', (bstr) => {
 *   bstr[0] = 'ab'.charCodeAt(i++ % 2);
 *   return 1;
 * }, false, () => {});
 * await readBytes(4, ab); // 'abab' as bytes
 * ```
 */
export function makeInputPort(
  name: unknown,
  readIn: ReadIn,
  peek: Peek,
  close: () => unknown,
  getProgressEvt: (() => Evt) | false = false,
  commit: ((amt: number, progressEvt: Evt, done: Evt) => unknown) | false = false,
  getLocation: (() => unknown) | false = false,
  countLinesBang: () => unknown = () => {},
  initPosition: unknown = 1,
  bufferMode: ((mode?: 'block' | 'none') => unknown) | false = false,
): InputPort {
  const who = 'make-input-port';
  check(who, isReadIn, '(or/c (procedure-arity-includes/c 1) input-port?)', readIn);
  check(who, isPeek, '(or/c (procedure-arity-includes/c 3) input-port? #f)', orFalse(peek));
  check(who, isProcedure, '(procedure-arity-includes/c 0)', close);
  check(who, isProcOrFalse, '(or/c (procedure-arity-includes/c 0) #f)', orFalse(getProgressEvt));
  check(who, isProcOrFalse, '(or/c (procedure-arity-includes/c 3) #f)', orFalse(commit));
  check(who, isProcOrFalse, '(or/c (procedure-arity-includes/c 0) #f)', orFalse(getLocation));
  check(who, isProcedure, '(procedure-arity-includes/c 0)', countLinesBang);
  if (
    !(isExactNonnegativeInteger(initPosition) && initPosition > 0) &&
    !isInputPort(initPosition) &&
    orFalse(initPosition) !== false &&
    !isProcedure(initPosition)
  ) {
    throw contractError(
      who,
      '(or/c exact-positive-integer? port? #f (-> (or/c exact-positive-integer? #f)))',
      initPosition,
    );
  }
  check(who, isProcOrFalse, '(or/c (case-> (-> any) (-> any)) #f)', orFalse(bufferMode));
  const read = isInputPort(readIn) ? readFromPort(readIn) : readIn;
  if (isProcedure(peek)) {
    const getEvt = getProgressEvt === false || getProgressEvt == null ? false : getProgressEvt;
    const doCommit = commit === false || commit == null ? false : commit;
    return new CustomPeekPort(
      portName(name),
      read,
      close,
      peek as PeekProc,
      getEvt,
      doCommit as CommitProc | false,
    );
  }
  return new CustomInputPort(portName(name), read, close);
}

/**
 * `makeLimitedInputPort` (from `racket/port`): a port that reads at most `limit` bytes of
 * another, as a custom port (as in Racket) whose `readIn` takes what `in` has now, up to the
 * limit left, and otherwise waits for `in`.
 */
import { wrapEvt } from '../evt/combinators.js';
import { type Evt, NOT_READY, type PrimitiveEvt } from '../evt/evt.js';
import { contractError, isExactNonnegativeInteger } from '../exn/raise.js';
import { checkInputPort } from './check.js';
import { CustomPeekPort } from './custom-peek-port.js';
import { peekBytesEvt } from './port-evts.js';
import { eof } from './eof.js';
import { type InputPort } from './input-port.js';

/**
 * A port that reads from `inp` and gives EOF once `limit` bytes have been read from it, or when
 * `inp` ends first (Racket: `make-limited-input-port`, from `racket/port`). Closing it closes
 * `inp` if `closeOrig` is true (the default). Its name is `inp`'s. Useful to bound a request
 * body. Reads take from `inp` what they read, no more; byte peeks take nothing; progress
 * events and commits are `inp`'s (Racket's way).
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port or `limit` is not a natural
 *   number.
 * @example
 * ```ts
 * // The body of a request with `Content-Length: 12`, then the next request on `input`.
 * const body = await portToBytes(makeLimitedInputPort(input, 12, false));
 * const next = await readLine(input, 'return-linefeed');
 * ```
 */
export function makeLimitedInputPort(
  inp: InputPort,
  limit: number,
  closeOrig: unknown = true,
): InputPort {
  const who = 'make-limited-input-port';
  const port = checkInputPort(who, inp);
  if (!isExactNonnegativeInteger(limit)) throw contractError(who, 'natural?', limit);
  let got = 0;
  const ready = wrapEvt(port, () => 0);
  const readIn = (bstr: Uint8Array) => {
    const count = Math.min(limit - got, bstr.length);
    if (count === 0) return eof;
    const n = port.readAvailInto('read-bytes-avail!*', bstr, 0, count);
    if (n === NOT_READY) return ready;
    if (typeof n === 'number') got += n;
    return n;
  };
  // Peeks look into `inp` without taking anything (as Racket's, which peeks `inp` too).
  const peek = (bstr: Uint8Array, skip: number) => {
    const count = Math.max(0, Math.min(limit - got - skip, bstr.length));
    if (count === 0) return eof;
    const n = port.peekAvailInto('peek-bytes-avail!*', bstr, 0, count, skip);
    if (n !== NOT_READY) return n;
    return skip === 0 ? ready : peekBytesEvt(1, skip, false, port);
  };
  const close = () => {
    if (closeOrig !== false && closeOrig != null) port.close();
  };
  // Progress and commits are `inp`'s, counted against the limit.
  const progressEvt = () => port.progressEvt() as Evt;
  const commit = (n: number, progress: Evt, done: Evt) => {
    const ok = port.commitPeeked(n, progress, done as PrimitiveEvt<unknown>);
    const count = (committed: boolean) => {
      if (committed) got += n;
      return committed;
    };
    return ok instanceof Promise ? ok.then(count) : count(ok);
  };
  return new CustomPeekPort(port.name, readIn, close, peek, progressEvt, commit);
}

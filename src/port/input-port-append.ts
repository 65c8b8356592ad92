/**
 * `inputPortAppend` (from `racket/port`): one port that reads several in turn, as a custom port
 * (as in Racket) whose `readIn` takes what the current port has now, moves to the next at its
 * EOF, and otherwise waits for the current port.
 */
import { wrapEvt } from '../evt/combinators.js';
import { NOT_READY } from '../evt/evt.js';
import { checkInputPort } from './check.js';
import { CustomPeekPort } from './custom-peek-port.js';
import { peekBytesEvt } from './port-evts.js';
import { eof, isEofObject } from './eof.js';
import { type InputPort } from './input-port.js';

/**
 * A port that reads `ins` one after the other: EOF once the last has ended (Racket:
 * `input-port-append`, from `racket/port`). If `closeAtEof` is true, each port is closed when
 * its EOF is read, and those left when the result is closed. Reads take from the ports only
 * what they read; peeks take nothing (Racket's way).
 *
 * @throws {@link ExnFailContract} if one of `ins` is not an input port (Racket 8.7 does not
 *   check, and fails at the first read instead).
 * @example
 * ```ts
 * // Put back a header already read, in front of the rest of the connection.
 * const whole = inputPortAppend(false, openInputBytes(header), input);
 * ```
 */
export function inputPortAppend(closeAtEof: unknown, ...ins: InputPort[]): InputPort {
  const who = 'input-port-append';
  const ports = ins.map((p) => checkInputPort(who, p));
  const closeOrig = closeAtEof !== false && closeAtEof != null;
  let current = 0;
  const readIn = (bstr: Uint8Array) => {
    for (;;) {
      const port = ports[current];
      if (port === undefined) return eof;
      const n = port.readAvailInto('read-bytes-avail!*', bstr, 0, bstr.length);
      if (n === NOT_READY) return wrapEvt(port, () => 0);
      if (!isEofObject(n)) return n;
      if (closeOrig) port.close();
      current++;
    }
  };
  // Peeks look into the ports without taking anything (Racket's way): past a port's EOF, the
  // skip goes on in the next one, less the bytes the port had.
  const peek = (bstr: Uint8Array, skip: number) => {
    for (let k = current; k < ports.length; k++) {
      const port = ports[k]!;
      const n = port.peekAvailInto('peek-bytes-avail!*', bstr, 0, bstr.length, skip);
      if (n === NOT_READY)
        return skip === 0 ? wrapEvt(port, () => 0) : peekBytesEvt(1, skip, false, port);
      if (!isEofObject(n)) return n;
      skip -= availableBefore(port, skip);
    }
    return eof;
  };
  const close = () => {
    if (closeOrig) for (const port of ports.slice(current)) port.close();
  };
  return new CustomPeekPort(ports.map((p) => p.name).join(' '), readIn, close, peek, false, false);
}

/**
 * How many bytes `port` has before its EOF, up to `upto` (it has fewer: a peek `upto` in found
 * EOF), found by a binary search of one-byte peeks, as Racket's `input-port-append` does.
 */
function availableBefore(port: InputPort, upto: number): number {
  const one = new Uint8Array(1);
  let skip = 0;
  while (upto > 0) {
    const half = Math.floor(upto / 2);
    if (port.peekAvailInto('peek-bytes-avail!*', one, 0, 1, skip + half) === 1) {
      upto -= half + 1;
      skip += half + 1;
    } else upto = half;
  }
  return skip;
}

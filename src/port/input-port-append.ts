/**
 * `inputPortAppend` (from `racket/port`): one port that reads several in turn, as a custom port
 * (as in Racket) whose `readIn` takes what the current port has now, moves to the next at its
 * EOF, and otherwise waits for the current port.
 */
import { wrapEvt } from '../evt/combinators.js';
import { NOT_READY } from '../evt/evt.js';
import { checkInputPort } from './check.js';
import { CustomInputPort } from './custom-input-port.js';
import { eof, isEofObject } from './eof.js';
import { type InputPort } from './input-port.js';

/**
 * A port that reads `ins` one after the other: EOF once the last has ended (Racket:
 * `input-port-append`, from `racket/port`). If `closeAtEof` is true, each port is closed when
 * its EOF is read, and those left when the result is closed. The result buffers what it
 * reads: bytes it has read or peeked are taken from the current port (Racket's peeks leave
 * them there).
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
  const close = () => {
    if (closeOrig) for (const port of ports.slice(current)) port.close();
  };
  return new CustomInputPort(ports.map((p) => p.name).join(' '), readIn, close);
}

/**
 * `racket/port`'s events that read characters and byte lines. As in `port-evts.ts`, each one's
 * poll is the same synchronous attempt the matching function makes, so an event that is not
 * chosen reads nothing.
 */
import { type Evt, NOT_READY, type NotReady } from '../evt/evt.js';
import { AttemptEvt } from './attempt-evt.js';
import {
  checkAmount,
  checkCharArray,
  checkInputPort,
  checkLineMode,
  checkProgressArg,
  progressFor,
} from './check.js';
import { type EofObject, isEofObject } from './eof.js';
import { type InputPort, type LineMode } from './input-port.js';
import { charsAt, takeLine } from './input-text.js';
import { cancelledBy } from './port-evts.js';
import { type ProgressEvt } from './progress.js';
import { storeChars } from './read-chars.js';

/**
 * An event that reads `amt` characters when chosen, as {@link readString} does; its result is
 * the string (shorter only at end of file) or {@link eof} (Racket: `read-string-evt`). Ready
 * when all `amt` are there or the port has ended; if another event is chosen, it has read
 * nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readStringEvt(amt: number, inp: InputPort): Evt<string | EofObject> {
  const who = 'read-string-evt';
  const n = checkAmount(who, amt);
  const port = checkInputPort(who, inp);
  return new AttemptEvt(port, () => charsAt(port, who, n, 0, true));
}

/**
 * An event that reads characters into `chars` until it is full when chosen, as
 * {@link readStringInto} does (`chars` is an array of one-character strings); its result is
 * the count (fewer only at end of file) or {@link eof} (Racket: `read-string!-evt`).
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readStringIntoEvt(chars: string[], inp: InputPort): Evt<number | EofObject> {
  const who = 'read-string!-evt';
  const dest = checkCharArray(who, chars, 'mutable-string?');
  const port = checkInputPort(who, inp);
  return new AttemptEvt(port, (): number | EofObject | NotReady => {
    const r = charsAt(port, who, dest.length, 0, true);
    return r === NOT_READY || isEofObject(r) ? r : storeChars(dest, 0, r);
  });
}

/**
 * An event that peeks `amt` characters `skip` bytes ahead when chosen, as {@link peekString}
 * does (Racket: `peek-string-evt`, in its argument order). A `progress` event cancels it, as in
 * {@link peekBytesEvt}.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function peekStringEvt(
  amt: number,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
): Evt<string | EofObject> {
  const who = 'peek-string-evt';
  const n = checkAmount(who, amt);
  const s = checkAmount(who, skip);
  const pe = checkProgressArg(who, progress);
  const port = checkInputPort(who, inp);
  const inner = progressFor(who, pe, port);
  return new AttemptEvt(port, () =>
    cancelledBy(inner) ? NOT_READY : charsAt(port, who, n, s, false),
  );
}

/**
 * An event that reads a line as bytes when chosen, as {@link readBytesLine} does; its result
 * is the line (without its separator) or {@link eof} (Racket: `read-bytes-line-evt`). Ready
 * once a whole line (or the end) is there; if another event is chosen, it has read nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readBytesLineEvt(inp: InputPort, mode?: LineMode): Evt<Uint8Array | EofObject> {
  const who = 'read-bytes-line-evt';
  const port = checkInputPort(who, inp);
  const m = checkLineMode(who, mode);
  return new AttemptEvt(port, () => takeLine(port, who, m, false));
}

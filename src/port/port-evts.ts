/**
 * Events on ports. Each one's poll is the same synchronous attempt the matching function
 * makes, so an event that is not chosen reads or writes nothing.
 */
import { closeWaitersOf } from './close-waiters.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
} from '../evt/evt.js';
import { racketPrint } from '../exn/print.js';
import { AttemptEvt } from './attempt-evt.js';
import {
  checkAmount,
  checkBytesRange,
  checkMutableBytes,
  checkInputPort,
  checkLineMode,
  checkProgressArg,
  progressFor,
  checkOutputPort,
} from './check.js';
import { eof, type EofObject, isEofObject } from './eof.js';
import { type InputPort, type LineMode } from './input-port.js';
import { takeLine } from './input-text.js';
import { type OutputPort } from './output-port.js';
import { isEvtReadyNow, type ProgressEvt } from './progress.js';

/**
 * An event that reads `amt` bytes when chosen, as {@link readBytes} does; its result is the
 * bytes or {@link eof} (Racket: `read-bytes-evt`). Ready when all `amt` are there or the port
 * has ended; if another event is chosen, it has read nothing. The `sync` that chooses it
 * raises what `readBytes` would (a closed port, a reset).
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readBytesEvt(amt: number, inp: InputPort): Evt<Uint8Array | EofObject> {
  const n = checkAmount('read-bytes-evt', amt);
  const port = checkInputPort('read-bytes-evt', inp);
  return new AttemptEvt(port, () => port.bytesAt('read-bytes-evt', n, 0, true));
}

/**
 * An event that reads what is there into `bstr` when chosen, as {@link readBytesAvail} does;
 * its result is the count or {@link eof} (Racket: `read-bytes-avail!-evt`). If another event is
 * chosen, it has read nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readBytesAvailEvt(bstr: Uint8Array, inp: InputPort): Evt<number | EofObject> {
  const {
    bstr: bytes,
    start: s,
    end: e,
  } = checkBytesRange('read-bytes-avail!-evt', bstr, 0, undefined);
  const port = checkInputPort('read-bytes-avail!-evt', inp);
  return new AttemptEvt(port, () => port.readAvailInto('read-bytes-avail!-evt', bytes, s, e));
}

/**
 * An event that reads a line when chosen, as {@link readLine} does; its result is the line or
 * {@link eof} (Racket: `read-line-evt`). Ready once a whole line (or the end) is there; if
 * another event is chosen, it has read nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 * @example
 * ```ts
 * const r = await sync(readLineEvt(clientA), readLineEvt(clientB));
 * // exactly one line was read, from whichever client had one
 * ```
 */
export function readLineEvt(inp: InputPort, mode?: LineMode): Evt<string | EofObject> {
  const port = checkInputPort('read-line-evt', inp);
  const m = checkLineMode('read-line-evt', mode);
  return new AttemptEvt(port, () => takeLine(port, 'read-line-evt', m, true));
}

/**
 * An event that peeks `amt` bytes after `skip` when chosen, as {@link peekBytes} does (Racket:
 * `peek-bytes-evt`, in its argument order). A `progress` event (from {@link portProgressEvt} on
 * `inp`) cancels it: once that is ready, the event never is.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function peekBytesEvt(
  amt: number,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
): Evt<Uint8Array | EofObject> {
  const n = checkAmount('peek-bytes-evt', amt);
  const s = checkAmount('peek-bytes-evt', skip);
  const pe = checkProgressArg('peek-bytes-evt', progress);
  const port = checkInputPort('peek-bytes-evt', inp);
  const inner = progressFor('peek-bytes-evt', pe, port);
  return new AttemptEvt(port, () =>
    cancelledBy(inner) ? NOT_READY : port.bytesAt('peek-bytes-evt', n, s, false),
  );
}

/**
 * An event that reads into `bstr` until it is full when chosen, as {@link readBytesInto} does;
 * its result is the count (fewer only at end of file) or {@link eof} (Racket:
 * `read-bytes!-evt`). Ready when all the bytes are there or the port has ended; if another
 * event is chosen, it has read nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function readBytesIntoEvt(bstr: Uint8Array, inp: InputPort): Evt<number | EofObject> {
  const who = 'read-bytes!-evt';
  const bytes = checkMutableBytes(who, bstr);
  const port = checkInputPort(who, inp);
  return new AttemptEvt(port, () => port.readInto(who, bytes, 0, bytes.length));
}

/**
 * An event that peeks into `bstr` (until it is full, fewer only at end of file) the bytes
 * after `skip` when chosen, as {@link peekBytesInto} does; its result is the count or
 * {@link eof} (Racket: `peek-bytes!-evt`, in its argument order). A `progress` event cancels it,
 * as in {@link peekBytesEvt}.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function peekBytesIntoEvt(
  bstr: Uint8Array,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
): Evt<number | EofObject> {
  const who = 'peek-bytes!-evt';
  const bytes = checkMutableBytes(who, bstr);
  const s = checkAmount(who, skip);
  const pe = checkProgressArg(who, progress);
  const port = checkInputPort(who, inp);
  const inner = progressFor(who, pe, port);
  return new AttemptEvt(port, (): number | EofObject | NotReady => {
    if (cancelledBy(inner)) return NOT_READY;
    const r = port.bytesAt(who, bytes.length, s, false);
    if (r === NOT_READY || isEofObject(r)) return r;
    bytes.set(r, 0);
    return r.length;
  });
}

/**
 * An event that peeks into `bstr` the bytes after `skip` that are there (at least one) when
 * chosen, as {@link peekBytesAvail} does; its result is the count or {@link eof} (Racket:
 * `peek-bytes-avail!-evt`, in its argument order). A `progress` event cancels it, as in
 * {@link peekBytesEvt}.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function peekBytesAvailEvt(
  bstr: Uint8Array,
  skip: number,
  progress: ProgressEvt | false | null | undefined,
  inp: InputPort,
): Evt<number | EofObject> {
  const who = 'peek-bytes-avail!-evt';
  const bytes = checkMutableBytes(who, bstr);
  const s = checkAmount(who, skip);
  const pe = checkProgressArg(who, progress);
  const port = checkInputPort(who, inp);
  const inner = progressFor(who, pe, port);
  return new AttemptEvt(port, () =>
    cancelledBy(inner) ? NOT_READY : port.peekAvailInto(who, bytes, 0, bytes.length, s),
  );
}

/**
 * An event ready when `inp` is at end of file (nothing buffered and its source has ended); its
 * result is {@link eof} (Racket: `eof-evt`). Choosing it consumes nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 */
export function eofEvt(inp: InputPort): Evt<EofObject> {
  const port = checkInputPort('eof-evt', inp);
  return new AttemptEvt(port, (): EofObject | NotReady => {
    port.checkOpen('eof-evt');
    const r = port.peekAvailInto('eof-evt', PROBE, 0, 1, 0);
    return isEofObject(r) ? eof : NOT_READY;
  });
}

const PROBE = new Uint8Array(1);

/** A peek event given a progress event that is now ready never becomes ready (Racket's rule). */
export const cancelledBy = (progress: Evt | null): boolean =>
  progress !== null && isEvtReadyNow(progress);

/**
 * An event that writes `bstr[start…end)` when chosen, as much as the destination takes at once
 * (at least one byte), as {@link writeBytesAvail} does; its result is the count (Racket:
 * `write-bytes-avail-evt`). If another event is chosen, it has written nothing.
 *
 * @throws {@link ExnFailContract} if an argument is bad (when the event is made).
 * @throws {@link ExnFail} if `out` is closed when the event is made.
 */
export function writeBytesAvailEvt(
  bstr: Uint8Array,
  out: OutputPort,
  start?: number,
  end?: number,
): Evt<number> {
  const who = 'write-bytes-avail-evt';
  const port = checkOutputPort(who, out);
  const { bstr: bytes, start: s, end: e } = checkBytesRange(who, bstr, start, end);
  // As in Racket, making the event on a closed port raises.
  port.checkOpen(who);
  return new AttemptEvt(port, (): number | NotReady => {
    if (!port.isIdle) return NOT_READY;
    const n = port.writeAvailNow(who, bytes, s, e);
    return n === false || (n === 0 && s < e) ? NOT_READY : n;
  });
}

/** Ready once the port is closed; result the event itself. */
export class PortClosedEvt extends PrimitiveEvt<PortClosedEvt> {
  constructor(readonly port: InputPort | OutputPort) {
    super();
  }
  poll(): PortClosedEvt | NotReady {
    return this.port.isClosed ? this : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return closeWaitersOf(this.port).add(waiter);
  }
  [racketPrint](): string {
    return '#<evt>';
  }
}

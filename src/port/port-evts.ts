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
  checkInputPort,
  checkLineMode,
  checkNoProgressEvt,
  checkOutputPort,
} from './check.js';
import { eof, type EofObject, isEofObject } from './eof.js';
import { type InputPort, type LineMode } from './input-port.js';
import { type OutputPort } from './output-port.js';

export function readBytesEvt(amt: number, inp: InputPort): Evt<Uint8Array | EofObject> {
  const n = checkAmount('read-bytes-evt', amt);
  const port = checkInputPort('read-bytes-evt', inp);
  return new AttemptEvt(port, () => port.takeBytes('read-bytes-evt', n, 0, true));
}

/** `read-bytes-avail!-evt`: reads into `bstr` when chosen; result the count or EOF. */
export function readBytesAvailEvt(bstr: Uint8Array, inp: InputPort): Evt<number | EofObject> {
  const {
    bstr: bytes,
    start: s,
    end: e,
  } = checkBytesRange('read-bytes-avail!-evt', bstr, 0, undefined);
  const port = checkInputPort('read-bytes-avail!-evt', inp);
  return new AttemptEvt(port, () => port.readAvailInto('read-bytes-avail!-evt', bytes, s, e));
}

export function readLineEvt(inp: InputPort, mode?: LineMode): Evt<string | EofObject> {
  const port = checkInputPort('read-line-evt', inp);
  const m = checkLineMode('read-line-evt', mode);
  return new AttemptEvt(port, () => port.takeLine('read-line-evt', m, true));
}

/** `peek-bytes-evt` in Racket's argument order: (amt, skip, progress = false, in). */
export function peekBytesEvt(
  amt: number,
  skip: number,
  progress: false | null | undefined,
  inp: InputPort,
): Evt<Uint8Array | EofObject> {
  const n = checkAmount('peek-bytes-evt', amt);
  const s = checkAmount('peek-bytes-evt', skip);
  checkNoProgressEvt('peek-bytes-evt', progress);
  const port = checkInputPort('peek-bytes-evt', inp);
  return new AttemptEvt(port, () => port.takeBytes('peek-bytes-evt', n, s, false));
}

/** Ready when the port is at EOF (nothing buffered, source ended); result EOF. */
export function eofEvt(inp: InputPort): Evt<EofObject> {
  const port = checkInputPort('eof-evt', inp);
  return new AttemptEvt(port, (): EofObject | NotReady => {
    port.checkOpen('eof-evt');
    const r = port.peekAvailInto('eof-evt', PROBE, 0, 1, 0);
    return isEofObject(r) ? eof : NOT_READY;
  });
}

const PROBE = new Uint8Array(1);

/** `write-bytes-avail-evt`: writes when chosen (at least one byte); result the count. */
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

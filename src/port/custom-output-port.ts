/**
 * `makeOutputPort`: an output port whose bytes go to the user's `writeOut` procedure, with
 * Racket's protocol. The port has no buffer of its own (as in Racket, `writeOut` may buffer):
 * each write calls `writeOut` until it has taken every byte, waiting on the port's `evt` after
 * a `false`, or on the event (or promise) `writeOut` returned, whose result is taken as
 * `writeOut`'s. Operations keep call order: one that must wait holds later ones behind it.
 */
import {
  type Evt,
  isEvt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
} from '../evt/evt.js';
import { sync } from '../evt/sync.js';
import { choiceEvt, wrapEvt } from '../evt/combinators.js';
import { PortClosedEvt } from './port-evts.js';
import { isBreakEnabledIn, currentFrame } from '../context/context.js';
import {
  argumentsError,
  check,
  isExactNonnegativeInteger,
  isProcedure,
  isThenable,
} from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { Buffer } from 'node:buffer';
import { OutputPort } from './output-port.js';
import { portName } from './custom-input-port.js';

const EMPTY = new Uint8Array(0);
const CLOSED = Symbol('closed');
const WHO = 'user port write';

/**
 * `writeOut(bstr, start, end, nonBlock, enableBreak)`: takes bytes of `bstr[start…end)` and
 * returns how many (more than 0 unless `start === end`, a flush request, which answers 0 when
 * flushed); `false` if it can take none now (the port waits on its `evt`); an event whose
 * result is one of these; or a `Promise` of one of these (handled as such an event).
 */
export type WriteOut =
  | ((
      bstr: Uint8Array,
      start: number,
      end: number,
      nonBlock: boolean,
      enableBreak: boolean,
    ) => number | false | Evt | PromiseLike<unknown>)
  | OutputPort;

const isProcOrFalse = (v: unknown) => v === false || isProcedure(v);
const orFalse = (v: unknown): unknown => (v == null ? false : v);

/** @internal An output port over a user's `writeOut` (see `makeOutputPort`). */
export class CustomOutputPort extends OutputPort {
  readonly #evt: Evt;
  readonly #writeOut: Exclude<WriteOut, OutputPort>;
  /** The last operation that had to wait; later ones run after it. */
  #tail: Promise<unknown> | null = null;

  constructor(
    name: string,
    evt: Evt,
    writeOut: Exclude<WriteOut, OutputPort>,
    close: () => unknown,
  ) {
    super(
      name,
      {
        room: () => Infinity,
        write: () => {},
        end: () => void close(),
        abort: () => void close(),
      },
      false,
    );
    this.#evt = evt;
    this.#writeOut = writeOut;
  }

  /** One call of `writeOut`, its result checked. */
  #call(src: Uint8Array, start: number, end: number, nonBlock: boolean): unknown {
    const enableBreak = !nonBlock && isBreakEnabledIn(currentFrame());
    return this.#check(this.#writeOut(src, start, end, nonBlock, enableBreak), src, start, end);
  }

  /** `writeOut`'s result `r` for `src[start…end)`, checked; a count is noted as written. */
  #check(r: unknown, src: Uint8Array, start: number, end: number): unknown {
    if (isExactNonnegativeInteger(r)) {
      if (r > end - start) {
        throw argumentsError(WHO, 'result integer is larger than the supplied byte string', [
          ['result', String(r)],
          ['byte string length', String(end - start)],
        ]);
      }
      if (r === 0 && end > start) {
        throw argumentsError(WHO, 'bad result for non-flush write', [['result', '0']]);
      }
      // Positions and line counts (`portCountLines`) follow what `writeOut` took.
      if (r > 0) this.noteWritten(src, start, start + r);
      return r;
    }
    if (r === false || isEvt(r) || isThenable(r)) return r;
    throw argumentsError(WHO, 'contract violation', [
      ['expected', '(or/c exact-nonnegative-integer? #f evt?)'],
      ['result', formatValue(r)],
    ]);
  }

  /** A result to wait for: `false` waits on the port's event, an event or promise on itself. */
  async #await(r: unknown, src: Uint8Array, start: number, end: number): Promise<unknown> {
    // A wait ends when the port is closed: the caller then raises (Racket's "terminated").
    const closed = wrapEvt(new PortClosedEvt(this), () => CLOSED);
    for (;;) {
      if (r === false) {
        await sync(choiceEvt(this.#evt, closed));
        return false;
      }
      if (isEvt(r)) {
        const v = await sync(choiceEvt(r, closed));
        if (v === CLOSED) return false;
        r = this.#check(v, src, start, end);
      } else if (isThenable(r)) r = this.#check(await r, src, start, end);
      else return r;
    }
  }

  /**
   * Runs `op` now if nothing waits before it (its synchronous part may finish it), else after
   * the last waiting operation.
   */
  #inOrder<T>(op: () => T | Promise<T>): T | Promise<T> {
    const run = (): T | Promise<T> => {
      const r = op();
      if (!(r instanceof Promise)) return r;
      const tail: Promise<unknown> = r.then(
        () => this.#release(tail),
        () => this.#release(tail),
      );
      this.#tail = tail;
      return r;
    };
    if (this.#tail === null) return run();
    return this.#tail.then(run);
  }

  #release(tail: Promise<unknown>): void {
    if (this.#tail === tail) {
      this.#tail = null;
      this.waiterSet().wakeAll();
    }
  }

  /** Writes `src[start…end)` whole (Racket's `write-bytes`: `nonBlock` false). */
  override write(
    who: string,
    src: Uint8Array,
    start: number,
    end: number,
  ): Promise<number> | number {
    this.checkOpen(who);
    if (end === start) return 0;
    return this.#inOrder(() => this.#writeAll(who, src, start, end));
  }

  #writeAll(who: string, src: Uint8Array, start: number, end: number): number | Promise<number> {
    let pos = start;
    while (pos < end) {
      this.checkOpen(who);
      const r = this.#call(src, pos, end, false);
      if (typeof r !== 'number') return this.#writeRest(who, src, pos, end, r);
      pos += r;
    }
    return end - start;
  }

  async #writeRest(
    who: string,
    src: Uint8Array,
    pos: number,
    end: number,
    pending: unknown,
  ): Promise<number> {
    const start = pos;
    let r = pending;
    for (;;) {
      r = await this.#await(r, src, pos, end);
      if (typeof r === 'number') pos += r;
      if (pos === end) return end - start;
      this.checkOpen(who);
      r = this.#call(src, pos, end, false);
    }
  }

  override writeString(who: string, str: string): Promise<number> | number {
    const bytes = Buffer.from(str, 'utf8');
    return this.write(who, bytes, 0, bytes.length);
  }

  /** A flush request: `writeOut` with `start === end`, until it answers 0. */
  override flush(who: string): Promise<void> | void {
    this.checkOpen(who);
    return this.#inOrder(() => {
      const r = this.#call(EMPTY, 0, 0, false);
      if (r === 0) return;
      return (async () => {
        let v = r;
        for (;;) {
          v = await this.#await(v, EMPTY, 0, 0);
          if (v === 0) return;
          this.checkOpen(who);
          v = this.#call(EMPTY, 0, 0, false);
        }
      })();
    });
  }

  /** `write-bytes-avail`: at least one byte (`nonBlock` true), waiting on `evt` while it can't. */
  override writeAvail(
    who: string,
    src: Uint8Array,
    start: number,
    end: number,
  ): Promise<number> | number {
    this.checkOpen(who);
    if (start === end)
      return this.flush(who) instanceof Promise ? Promise.resolve(this.#tail).then(() => 0) : 0;
    return this.#inOrder(() => {
      const r = this.#call(src, start, end, true);
      if (typeof r === 'number') return r;
      return (async () => {
        let v = r;
        for (;;) {
          v = await this.#await(v, src, start, end);
          if (typeof v === 'number') return v;
          this.checkOpen(who);
          v = this.#call(src, start, end, true);
        }
      })();
    });
  }

  /** `write-bytes-avail*`: one non-blocking call; 0 when `writeOut` can take nothing now. */
  override writeAvailNow(
    who: string,
    src: Uint8Array,
    start: number,
    end: number,
    checkClosed = true,
  ): number | false {
    if (checkClosed) this.checkOpen(who);
    if (start === end) return 0;
    const r = this.#call(src, start, end, true);
    // An event or promise from a non-blocking call: nothing was written (Racket's contract).
    return typeof r === 'number' ? r : 0;
  }

  override get isIdle(): boolean {
    return this.#tail === null;
  }

  /** Watching `evt` for the port's waiters (a sync on the port waits for it). */
  #evtWatch: Unwatch | null = null;

  // The port as an event stands for its `evt` (result: the port). A composite `evt` (a wrap, a
  // choice) is not polled here: the port is then always ready as an event (see the docs).
  override poll(): OutputPort | NotReady {
    if (this.#tail !== null) return NOT_READY;
    if (this.isClosed) return this;
    const evt = this.#evt;
    if (!(evt instanceof PrimitiveEvt)) return this;
    if (evt.poll(this) !== NOT_READY) return this;
    this.#watchEvt(evt);
    return NOT_READY;
  }

  /** Wakes the port's waiters once `evt` may be ready; they poll it again (it commits then). */
  #watchEvt(evt: PrimitiveEvt<unknown>): void {
    if (this.#evtWatch !== null) return;
    const wake = (): void => {
      this.#evtWatch?.();
      this.#evtWatch = null;
      this.waiterSet().wakeAll();
    };
    // `complete` declines: a semaphore or channel keeps its value for the poll that takes it.
    this.#evtWatch = evt.watch({
      party: this,
      wake: () => queueMicrotask(wake),
      complete: () => (queueMicrotask(wake), false),
    });
  }
}

/** A `writeOut` that writes to `port` (Racket: `write-out` as a port). */
function writeToPort(port: OutputPort): Exclude<WriteOut, OutputPort> {
  return (bstr, start, end, nonBlock) => {
    if (start === end) {
      const flushed = port.flush('flush-output');
      return flushed instanceof Promise ? flushed.then(() => 0) : 0;
    }
    if (nonBlock) return port.writeAvailNow('write-bytes-avail*', bstr, start, end) || false;
    const n = port.write('write-bytes', bstr, start, end);
    return typeof n === 'number' ? n : n;
  };
}

/**
 * Makes an output port whose bytes go to `writeOut` (Racket: `make-output-port`).
 *
 * `writeOut(bstr, start, end, nonBlock, enableBreak)` takes bytes of `bstr[start…end)` and
 * returns how many (never 0 unless `start === end`: that call is a flush request, answered 0
 * once flushed); `false` when it can take none now (the write then waits on `evt` and calls it
 * again); an event whose result is one of these; or a `Promise` of one (handled as such an
 * event). Writes (`writeBytes`, `writeString`, printing, `copyPort`) call it with `nonBlock`
 * false until every byte is taken, `flushOutput` with an empty range, `writeBytesAvail` and
 * `writeBytesAvailNowait` with `nonBlock` true, as Racket does. An exception it raises
 * propagates to the writer. `evt` stands for the port in `sync`: it should be ready when a
 * write would not block. `close()` is called once, by `closeOutputPort`, which (as in Racket)
 * does not flush first. `writeOut` may also be an output port, which the port then writes to.
 * The other arguments are checked as Racket checks them; special values are not supported.
 *
 * @throws {@link ExnFailContract} if an argument is bad; later, from the write that called
 *   it, if `writeOut` returns something else than the results above.
 * @example
 * ```ts
 * // Counts the bytes written through it to `out`.
 * let count = 0;
 * const counting = makeOutputPort('counting', alwaysEvt, (bstr, start, end) => {
 *   count += end - start;
 *   return writeBytes(bstr, out, start, end);
 * }, () => closeOutputPort(out));
 * ```
 */
export function makeOutputPort(
  name: unknown,
  evt: Evt,
  writeOut: WriteOut,
  close: () => unknown,
  writeOutSpecial: unknown = false,
  getWriteEvt: unknown = false,
  getWriteSpecialEvt: unknown = false,
  getLocation: unknown = false,
  countLinesBang: unknown = () => {},
  initPosition: unknown = 1,
  bufferMode: unknown = false,
): OutputPort {
  const who = 'make-output-port';
  check(who, isEvt, 'evt?', evt);
  const isWriteOut = (v: unknown) => isProcedure(v) || v instanceof OutputPort;
  check(who, isWriteOut, '(or/c output-port? (procedure-arity-includes/c 5))', writeOut);
  check(who, isProcedure, '(procedure-arity-includes/c 0)', close);
  const isSpecial = (v: unknown) => v === false || isProcedure(v) || v instanceof OutputPort;
  check(
    who,
    isSpecial,
    '(or/c #f output-port? (procedure-arity-includes/c 3))',
    orFalse(writeOutSpecial),
  );
  check(who, isProcOrFalse, '(or/c #f (procedure-arity-includes/c 3))', orFalse(getWriteEvt));
  check(
    who,
    isProcOrFalse,
    '(or/c #f (procedure-arity-includes/c 1))',
    orFalse(getWriteSpecialEvt),
  );
  check(who, isProcOrFalse, '(or/c #f (procedure-arity-includes/c 0))', orFalse(getLocation));
  check(who, isProcedure, '(procedure-arity-includes/c 0)', countLinesBang);
  const isInit = (v: unknown) =>
    (isExactNonnegativeInteger(v) && v > 0) ||
    v === false ||
    isProcedure(v) ||
    v instanceof OutputPort;
  check(
    who,
    isInit,
    '(or/c exact-positive-integer? port? #f (-> (or/c exact-positive-integer? #f)))',
    orFalse(initPosition),
  );
  check(who, isProcOrFalse, '(or/c #f (case-> (-> any) (-> any)))', orFalse(bufferMode));
  const write = writeOut instanceof OutputPort ? writeToPort(writeOut) : writeOut;
  return new CustomOutputPort(portName(name), evt, write, close);
}

/**
 * `makeInputPort`: an input port whose bytes come from the user's `readIn` procedure.
 *
 * As in Racket CS (whose custom ports read into a 4096-byte buffer of the port's own), the port
 * calls `readIn` with a 4096-byte buffer when a reader needs bytes that are not buffered, and
 * keeps what it gets in its queue: every read and peek function, line modes and `sync` then
 * work as on any port. `readIn` is called synchronously inside the read that needs it, in the
 * reader's thread, so an exception it raises propagates to that reader and the port goes on.
 * An `eof` result is one read's, as in Racket: the read that takes it lets the next read call
 * `readIn` again.
 */
import { type Evt, isEvt, NOT_READY, type NotReady } from '../evt/evt.js';
import { sync } from '../evt/sync.js';
import { choiceEvt, wrapEvt } from '../evt/combinators.js';
import { PortClosedEvt } from './port-evts.js';
import { type Exn, ExnBreak } from '../exn/exn.js';
import { currentThreadCore, type ThreadCore } from '../context/context.js';
import { argumentsError, isExactNonnegativeInteger, isThenable } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { copyBytes } from './bytes.js';
import { eof, type EofObject } from './eof.js';
import { type ChunkQueue } from './chunk-queue.js';
import { InputPort } from './input-port.js';

const CLOSED = Symbol('closed');

/** The size of the buffer `readIn` is given, as in Racket CS. */
const READ_IN_SIZE = 4096;

/** @internal An input port fed by a user's `readIn` (see `makeInputPort`). */
export class CustomInputPort extends InputPort {
  readonly #readIn: (bstr: Uint8Array) => unknown;
  /** The buffer for the next `readIn` (a new one after one was lent to a wait). */
  #buffer: Uint8Array | null = null;
  /**
   * `readIn` answered with a promise that has not settled: no new call until it has (its
   * bytes are on their way), as there is no saying what a second call would do meanwhile.
   */
  #promised = false;
  /**
   * A wait for an event `readIn` returned is under way. Calls go on (a non-blocking read asks
   * again, as in Racket); an event they return is not waited for as well: the one wait wakes
   * the readers, and an event not synced has read nothing.
   */
  #waiting = false;
  /** The thread of the event wait (a killed thread's wait never ends), and the wait's number. */
  #waitThread: ThreadCore | null = null;
  #waitId = 0;
  /** A retry after a 0 is scheduled. */
  #retrying = false;
  /** Where the bytes held end in Racket's 4096-byte buffer (to size `readIn`'s as it does). */
  #end = 0;
  /** The last `readIn` call gave bytes or EOF (so the primitive that called it tries again). */
  #progressed = false;
  /** The read asking for bytes now is a peek (see `readInBuffer`). */
  #peeking = false;
  /** The last `readIn` was given a buffer of the read's size, not Racket's own buffer. */
  #direct = false;
  /** The size of the read that asks for bytes now (`readBytesAvail`'s buffer), or 0. */
  #hint = 0;
  /** A wake of the port's readers is scheduled. */
  #wakeScheduled = false;

  constructor(name: string, readIn: (bstr: Uint8Array) => unknown, close: () => unknown) {
    const source = { resume() {}, pause() {}, close: () => void close() };
    // As Racket CS: a custom port reports buffer mode 'block'.
    super(name, source, { bufferMode: 'block' });
    this.#readIn = readIn;
  }

  protected override get eofIsOnce(): boolean {
    return true;
  }

  protected override wanted(need: number): void {
    if (this.#promised || this.isClosed || this.ended) return;
    const hint = this.#hint;
    const peeking = this.#peeking;
    this.#hint = 0;
    const bstr = this.readInBuffer(hint, peeking, need);
    // Synchronous, in the reader's call: what it throws propagates to the reader.
    this.#accept(this.#readIn(bstr), bstr, false);
  }

  /**
   * The buffer `readIn` is given, sized as Racket CS sizes it: a large read (half the buffer
   * or more) gets one its own size (up to 64 KB); another read all of Racket's 4096-byte
   * buffer (it has taken what the buffer held first); a peek the part of that buffer past the
   * bytes it holds (`#end`: where they end in it; moved to the front once it is full).
   */
  protected readInBuffer(hint: number, peeking: boolean, _need: number): Uint8Array {
    this.#direct = hint >= READ_IN_SIZE / 2;
    if (this.#direct) return new Uint8Array(Math.min(hint, 65536));
    if (!peeking) this.#end = 0;
    else if (this.#end >= READ_IN_SIZE) this.#end = Math.min(this.bufferedBytes, READ_IN_SIZE - 1);
    if (this.#end === 0) return (this.#buffer ??= new Uint8Array(READ_IN_SIZE));
    return new Uint8Array(READ_IN_SIZE - this.#end);
  }

  /** For subclasses: one call of `readIn`, and the handling of its result as the port's. */
  protected callReadIn(bstr: Uint8Array): unknown {
    return this.#readIn(bstr);
  }

  protected acceptReadIn(result: unknown, bstr: Uint8Array): void {
    this.#accept(result, bstr, false);
  }

  /** Handles one result of `readIn` (or of the event or promise it returned). */
  #accept(result: unknown, bstr: Uint8Array, late: boolean): void {
    if (isExactNonnegativeInteger(result)) {
      if (result > bstr.length) {
        throw argumentsError(
          'user port read',
          'result integer is larger than the supplied byte string',
          [
            ['result', String(result)],
            ['byte-string length', String(bstr.length)],
          ],
        );
      }
      if (result === 0) {
        // "Try again": soon, not in a loop that would starve everything else.
        if (late) this.wakeSoon();
        else this.retryLater();
        return;
      }
      if (!this.#direct) this.#end += result;
      this.push(copyBytes(bstr, 0, result));
      this.#progressed = true;
    } else if (result === eof) {
      this.pushEof();
      this.#progressed = true;
    } else if (isThenable(result) || (isEvt(result) && (late || !this.#waitAlive))) {
      this.#wait(result, bstr);
      return;
    } else if (isEvt(result)) {
      return;
    } else {
      throw argumentsError('user port read', 'contract violation', [
        ['expected', '(or/c exact-nonnegative-integer? eof-object? evt? pipe-input-port?)'],
        ['result', formatValue(result)],
      ]);
    }
    this.wakeSoon();
  }

  /** Waits for the event or promise `readIn` returned; its result is handled as `readIn`'s. */
  #wait(result: Evt | PromiseLike<unknown>, bstr: Uint8Array): void {
    const evt = isEvt(result);
    const id = ++this.#waitId;
    if (evt) {
      this.#waiting = true;
      this.#waitThread = currentThreadCore();
    } else this.#promised = true;
    // The buffer is lent to the wait: the next call gets a new one.
    this.#buffer = null;
    // A wait on an event ends when the port is closed (the event may never be ready).
    const waited: PromiseLike<unknown> = evt
      ? sync(
          choiceEvt(
            result,
            wrapEvt(new PortClosedEvt(this), () => CLOSED),
          ),
        )
      : result;
    const done = (): void => {
      if (!evt) this.#promised = false;
      else if (id === this.#waitId) this.#waiting = false;
    };
    void Promise.resolve(waited).then(
      (value) => {
        done();
        if (this.isClosed || value === CLOSED) return;
        try {
          this.#accept(value, bstr, true);
        } catch (error) {
          this.pushError(error as Exn);
        }
      },
      (error: unknown) => {
        done();
        if (this.isClosed) return;
        // The waiting thread was broken: it gets the break itself; the others try again.
        if (evt && error instanceof ExnBreak) this.wakeSoon();
        else this.pushError(error as Exn);
      },
    );
  }

  /** An event wait is under way in a thread that can still finish it. */
  get #waitAlive(): boolean {
    return this.#waiting && !(this.#waitThread?.dead ?? false);
  }

  /**
   * Wakes the port's readers after the current read has started to wait (it found nothing and
   * is about to watch the port when `readIn` is called from inside it).
   */
  protected wakeSoon(): void {
    if (this.#wakeScheduled) return;
    this.#wakeScheduled = true;
    queueMicrotask(() => {
      this.#wakeScheduled = false;
      this.waiterSet().wakeAll();
    });
  }

  protected retryLater(): void {
    if (this.#retrying) return;
    this.#retrying = true;
    setImmediate(() => {
      this.#retrying = false;
      this.waiterSet().wakeAll();
    });
  }

  /** A read that ends at EOF with bytes took the EOF with them (as Racket's does). */
  #tookEof(): void {
    if (this.ended && this.bufferedBytes === 0) this.reopenAfterEof();
  }

  // --- the primitives: each tries again at once when the `readIn` it called gave something ----

  /**
   * Runs one primitive (kind `peeking`, asking for `hint` bytes), and again as long as the
   * `readIn` it called gave bytes or EOF at once: a non-blocking read then gets them, as in
   * Racket, and a blocking one needs no wait.
   */
  #attempt<R>(peeking: boolean, hint: number, op: () => R | NotReady, less = 0): R | NotReady {
    for (;;) {
      this.#peeking = peeking;
      // `less`: what is buffered counts towards the read (`readBytesInto`).
      this.#hint = hint - less * this.bufferedBytes;
      this.#progressed = false;
      let r: R | NotReady;
      try {
        r = op();
      } finally {
        this.#peeking = false;
        this.#hint = 0;
      }
      if (r !== NOT_READY || !this.#progressed) return r;
    }
  }

  /** `byte-ready?` and the port as an event ask `readIn` too. */
  override get isReady(): boolean {
    if (!super.isReady && !this.isClosed) {
      this.#progressed = false;
      this.want(1);
    }
    return super.isReady;
  }

  /** @internal The character and line primitives look here first: an empty port asks `readIn`. */
  override get chunks(): ChunkQueue {
    if (super.chunks.size === 0 && !this.ended && !this.isClosed) this.want(1);
    return super.chunks;
  }

  override bytesAt(
    who: string,
    amt: number,
    skip: number,
    consume: boolean,
  ): Uint8Array | EofObject | NotReady {
    const hint = consume ? amt : 0;
    const r = this.#attempt(!consume, hint, () => super.bytesAt(who, amt, skip, consume), 1);
    if (consume && r instanceof Uint8Array) this.#tookEof();
    return r;
  }

  override peekAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
    skip: number,
  ): number | EofObject | NotReady {
    return this.#attempt(true, 0, () => super.peekAvailInto(who, dest, start, end, skip));
  }

  override byteAt(who: string, skip: number, consume: boolean): number | EofObject | NotReady {
    return this.#attempt(!consume, consume ? 1 : 0, () => super.byteAt(who, skip, consume));
  }

  override readAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
  ): number | EofObject | NotReady {
    return this.#attempt(false, end - start, () => super.readAvailInto(who, dest, start, end));
  }

  override takeAvail(who: string, max: number): Uint8Array | EofObject | NotReady {
    return this.#attempt(false, 0, () => super.takeAvail(who, max));
  }

  override readInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
  ): number | EofObject | NotReady {
    const r = this.#attempt(false, end - start, () => super.readInto(who, dest, start, end), 1);
    if (typeof r === 'number') this.#tookEof();
    return r;
  }

  /** @internal Lines and characters consume through here. */
  override consume(n: number): void {
    super.consume(n);
    this.#tookEof();
  }
}

/** A port's name: Racket's is any value; racket-net's is the string it prints as. */
export const portName = (name: unknown): string =>
  typeof name === 'string' ? name : formatValue(name);

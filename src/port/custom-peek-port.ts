/**
 * A custom input port made with a `peek` procedure (`makeInputPort`): peeks of bytes ask the
 * user's `peek`, so they take nothing from the source, and `readIn` is asked for what the read
 * takes, no more (no read-ahead). With `getProgressEvt` and `commit`, the port's progress
 * events and commits (`portProgressEvt`, `portCommitPeeked`, the progress argument of the
 * peeks) are the user's, as Racket's `make-input-port` has them.
 */
import { type Evt, isEvt, NOT_READY, type NotReady, type PrimitiveEvt } from '../evt/evt.js';
import { sync } from '../evt/sync.js';
import { type Exn } from '../exn/exn.js';
import { argumentsError, isExactNonnegativeInteger, isThenable } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { copyInto } from './bytes.js';
import { CustomInputPort } from './custom-input-port.js';
import { eof, type EofObject } from './eof.js';

export type PeekProc = (bstr: Uint8Array, skip: number, progressEvt: Evt | false) => unknown;
export type CommitProc = (amt: number, progressEvt: Evt, done: Evt) => unknown;

/** @internal See `makeInputPort`. */
export class CustomPeekPort extends CustomInputPort {
  /** A wait for an event or promise `peek` returned is under way (it wakes the readers). */
  #peekWaiting = false;

  constructor(
    name: string,
    readIn: (bstr: Uint8Array) => unknown,
    close: () => unknown,
    readonly peekProc: PeekProc,
    readonly getProgressEvt: (() => Evt) | false,
    readonly commitProc: CommitProc | false,
  ) {
    super(name, readIn, close);
  }

  /**
   * No read-ahead for byte reads: `readIn` gets room for what the read takes. Character and line
   * reads (no size known) get 4096 bytes, not one byte a call.
   */
  protected override readInBuffer(hint: number, _peeking: boolean, need: number): Uint8Array {
    const size = hint > 0 ? hint : Math.max(need - this.bufferedBytes, 4096);
    return new Uint8Array(Math.min(Math.max(size, 1), 65536));
  }

  /**
   * One call of the user's `peek` for up to `n` bytes, `skip` past the bytes this port holds:
   * the bytes, EOF, or NOT_READY (it is asked again once the event or promise it returned is
   * ready, or soon after a 0).
   */
  #peekSource(n: number, skip: number, once = false): Uint8Array | EofObject | NotReady {
    const bstr = new Uint8Array(n);
    const r = this.peekProc(bstr, skip, false);
    if (isExactNonnegativeInteger(r)) {
      if (r > n) {
        throw argumentsError(
          'user port peek',
          'result integer is larger than the supplied byte string',
          [
            ['result', String(r)],
            ['byte-string length', String(n)],
          ],
        );
      }
      if (r > 0) return bstr.subarray(0, r);
      if (!once) this.retryLater();
      return NOT_READY;
    }
    if (r === eof) return eof;
    if (r === false) {
      if (!once) this.retryLater();
      return NOT_READY;
    }
    // `once`: a look that nobody waits for (an event it returns is not synced).
    if (isEvt(r) || isThenable(r)) {
      if (!once || isThenable(r)) this.#waitThenWake(r);
      return NOT_READY;
    }
    throw argumentsError('user port peek', 'contract violation', [
      [
        'expected',
        '(or/c exact-nonnegative-integer? eof-object? evt? pipe-input-port? (procedure-arity-includes/c 4))',
      ],
      ['result', formatValue(r)],
    ]);
  }

  /** Peeks again once `r` is ready; its result is dropped (the peek is simply asked again). */
  #waitThenWake(r: Evt | PromiseLike<unknown>): void {
    if (this.#peekWaiting) return;
    this.#peekWaiting = true;
    const waited = isEvt(r) ? sync(r) : r;
    void Promise.resolve(waited).then(
      () => {
        this.#peekWaiting = false;
        this.wakeSoon();
      },
      (error: unknown) => {
        this.#peekWaiting = false;
        if (!this.isClosed) this.pushError(error as Exn);
      },
    );
  }

  /** Whether a peek `skip` bytes in goes to the user's `peek` (past what this port holds). */
  #beyond(skip: number): boolean {
    return !this.ended && skip >= this.bufferedBytes;
  }

  override peekAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
    skip: number,
  ): number | EofObject | NotReady {
    this.checkOpen(who);
    if (end === start) return 0;
    if (!this.#beyond(skip)) {
      // Bytes held here (a character read pulled them), then what `peek` has after them now.
      const n = super.peekAvailInto(who, dest, start, end, skip);
      if (typeof n !== 'number' || start + n === end || this.ended) return n;
      const more = this.#peekSource(end - start - n, 0, true);
      if (!(more instanceof Uint8Array)) return n;
      copyInto(dest, start + n, more, 0, more.length);
      return n + more.length;
    }
    const r = this.#peekSource(end - start, skip - this.bufferedBytes);
    if (!(r instanceof Uint8Array)) return r;
    copyInto(dest, start, r, 0, r.length);
    return r.length;
  }

  /**
   * Bytes held here (a character read pulled them), then what `readIn` gives now: as in Racket,
   * where nothing is held, the read gets what the source has.
   */
  override readAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
  ): number | EofObject | NotReady {
    const held = this.bufferedBytes;
    const n = super.readAvailInto(who, dest, start, end);
    if (held === 0 || typeof n !== 'number' || start + n === end || this.ended) return n;
    const bstr = new Uint8Array(end - start - n);
    const r = this.callReadIn(bstr);
    if (isExactNonnegativeInteger(r) && r > 0 && r <= bstr.length) {
      copyInto(dest, start + n, bstr, 0, r);
      this.noteRead(dest, start + n, start + n + r);
      return n + r;
    }
    this.acceptReadIn(r, bstr);
    return n;
  }

  override byteAt(who: string, skip: number, consume: boolean): number | EofObject | NotReady {
    if (consume || !this.#beyond(skip)) return super.byteAt(who, skip, consume);
    this.checkOpen(who);
    const r = this.#peekSource(1, skip - this.bufferedBytes);
    return r instanceof Uint8Array ? r[0]! : r;
  }

  override bytesAt(
    who: string,
    amt: number,
    skip: number,
    consume: boolean,
  ): Uint8Array | EofObject | NotReady {
    if (consume || amt === 0 || !this.#beyond(skip)) {
      return super.bytesAt(who, amt, skip, consume);
    }
    this.checkOpen(who);
    // `amt` bytes from the user's `peek`, asked as many times as it takes (fewer only at EOF).
    const out = new Uint8Array(amt);
    let got = 0;
    const held = this.bufferedBytes;
    while (got < amt) {
      const r = this.#peekSource(amt - got, skip - held + got);
      if (r === NOT_READY) return NOT_READY;
      if (!(r instanceof Uint8Array)) return got === 0 ? eof : out.subarray(0, got);
      copyInto(out, got, r, 0, r.length);
      got += r.length;
    }
    return out;
  }

  /** Ready when the user's `peek` has a byte or EOF (nothing is read to find out). */
  override get isReady(): boolean {
    if (this.isClosed || this.bufferedBytes > 0 || this.ended) return true;
    return this.#peekSource(1, 0) !== NOT_READY;
  }

  override progressEvt(): Evt | false {
    if (this.getProgressEvt === false) return super.progressEvt();
    return this.getProgressEvt();
  }

  /** The user's `commit` (with nothing held here; held bytes are committed here first). */
  override commitPeeked(
    amt: number,
    progress: Evt,
    done: PrimitiveEvt<unknown>,
  ): boolean | Promise<boolean> {
    if (this.commitProc === false || this.bufferedBytes > 0) {
      return super.commitPeeked(amt, progress, done);
    }
    const r = this.commitProc(amt, progress, done);
    return isThenable(r) ? Promise.resolve(r).then((v) => v !== false) : r !== false;
  }
}

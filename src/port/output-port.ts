/**
 * Output ports: a 4096-byte buffer (in `'block'` and `'line'` modes) in front of a *sink*.
 *
 * A write that fits in the buffer, or that the sink can take now, completes synchronously (one
 * promise settlement, one copy). A write that must wait (the sink wants no more until it drains)
 * waits on the port's readiness event, so breaks and kills act on it, and any later write
 * queues behind it: writes reach the sink in call order even when callers do not await.
 */
import { failError } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import '../custodian/dispose-symbols.js';
import { wakeCloseWaiters } from './close-waiters.js';
import { type Exn } from '../exn/exn.js';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { OperationQueue, type Turn } from '../evt/ordered-ops.js';
import { syncPrimitive } from '../evt/sync.js';
import { currentThreadCore, type ThreadCore } from '../context/context.js';
import { Buffer } from 'node:buffer';
import { AttemptEvt } from './attempt-evt.js';
import { hasLineBreak, type OutputBuffer } from './output-buffer.js';
import { SinkGate } from './sink-gate.js';
import { LineCounter } from './location.js';
import { type OutputBufferMode, type OutputSink } from './output-sink.js';

export { BUFFER_SIZE } from './output-buffer.js';
export type { OutputBufferMode, OutputSink } from './output-sink.js';

const EMPTY = new Uint8Array(0);

/**
 * A Racket output port (`output-port?`): to a TCP connection, a pipe or a stream bridge. Write
 * it with the port functions (`writeBytes`, `writeString`, `flushOutput`, …). It is also an
 * event: ready when a write would not wait, with the port as its result; choosing it writes
 * nothing.
 *
 * @opaque
 */
export class OutputPort extends PrimitiveEvt<OutputPort> implements Managed {
  readonly name: string;
  /** Where the bytes go (subclasses may know it as more than an `OutputSink`). */
  protected readonly sink: OutputSink;
  /** `false`: no buffer mode (pipes), writes go straight to the sink. */
  #mode: OutputBufferMode | false;
  /** The buffer, the writes past it, the sink's failure. */
  readonly #gate: SinkGate;
  /** The gate's buffer (empty, and never used, in mode `false`). */
  readonly #buffer: OutputBuffer;
  #closed = false;
  /** Bytes written so far, and the line counter once `port-count-lines!` turned it on. */
  #offset = 0;
  #counter: LineCounter | null = null;
  /** Closed by a custodian or abandoned: pending writes fail, nothing more is flushed. */
  #aborted = false;
  /**
   * Operations that had to wait (for the sink, or for an earlier one), in call order: later
   * writes queue behind them. Idle again, the port's waiting writers try again.
   */
  #order: OperationQueue | null = null;

  /** An operation called earlier has not finished: a new one queues behind it. */
  get #busy(): boolean {
    return this.#order !== null && this.#order.busy;
  }

  /** The thread that closed the port: its own queued writes still go out, other threads' fail. */
  #closer: ThreadCore | null = null;
  /** Made on first use: most ports of an idle server never have a waiter. */
  #writers: WaiterSet | null = null;
  /** The custodian that manages the port until it closes. */
  #custodian: Custodian | null = null;

  constructor(name: string, sink: OutputSink, mode: OutputBufferMode | false) {
    super();
    this.name = name;
    this.sink = sink;
    this.#gate = new SinkGate(sink);
    this.#buffer = this.#gate.buffer;
    this.#mode = mode;
  }

  /** Puts the port under `custodian`, which closes it on shutdown (until the port closes). */
  manageBy(who: string, custodian: Custodian): void {
    custodian.manage(who, this);
    this.#custodian = custodian;
  }

  custodianShutdown(): void {
    this.abort();
  }

  get bufferMode(): OutputBufferMode | false {
    return this.#mode;
  }

  set bufferMode(mode: OutputBufferMode) {
    this.#mode = mode;
    this.sink.bufferModeChanged?.(mode);
    // Leaving block mode flushes what waited for a full buffer, when the sink can take it now.
    if (mode === 'none' && !this.#busy) this.#gate.flushSome();
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get bufferedBytes(): number {
    return this.#buffer.count;
  }

  // --- called by the sink --------------------------------------------------------------------

  /** The sink can take more: waiting writers try again. */
  sinkReady(): void {
    this.#writers?.wakeAll();
  }

  /** The sink failed: each later attempt to hand it bytes raises `error` (see `SinkGate`). */
  sinkFailed(error: Exn): void {
    this.#gate.error ??= error;
    this.#writers?.wakeAll();
  }

  // --- the port as an event: ready when a write would not block --------------------------------

  poll(): OutputPort | NotReady {
    return this.#canProceed() ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.waiterSet().add(waiter);
  }

  override waiterSet(): WaiterSet {
    return (this.#writers ??= new WaiterSet());
  }

  [racketPrint](): string {
    return `#<output-port:${this.name}>`;
  }

  #canProceed(): boolean {
    return !this.#busy && (this.#closed || this.#gate.error !== null || this.sink.room() > 0);
  }

  checkOpen(who: string): void {
    if (this.#closed) {
      throw failError(who, 'output port is closed', [['output port', formatValue(this)]]);
    }
  }

  /**
   * Whether a queued operation of `owner` may still go on: not after an abort, a sink error, or
   * a close by another thread (in Racket, a write blocked in one thread fails when another
   * thread closes the port; writes a thread queued before its own close still go out).
   */
  #checkUsable(who: string, owner: ThreadCore | null = null): void {
    if (this.#aborted || this.#closedAgainst(owner)) {
      throw failError(who, 'output port is closed', [['output port', formatValue(this)]]);
    }
  }

  #closedAgainst(owner: ThreadCore | null): boolean {
    return owner !== null && this.#closer !== null && this.#closer !== owner;
  }

  // --- synchronous steps: each does what it can without waiting --------------------------------

  /**
   * One synchronous attempt to write `src[start…end)`; returns how many bytes it took.
   * Buffered modes copy into the buffer when the bytes fit, flushing as the mode says;
   * otherwise the buffer is flushed first and the bytes go straight to the sink.
   */
  #writeStep(src: Uint8Array, start: number, end: number): number {
    const mode = this.#mode;
    if (mode === 'block' || mode === 'line') {
      const buffer = this.#buffer;
      if (end - start <= buffer.room) {
        buffer.add(src, start, end);
        this.#wrote(src, start, end);
        if (buffer.isFull || (mode === 'line' && hasLineBreak(src, start, end))) {
          this.#gate.needsFlush = true;
        }
        return end - start;
      }
      if (!this.#gate.flushSome()) return 0;
    } else if (!this.#gate.flushSome()) return 0;
    const n = this.#gate.writeDirect(src, start, end, true);
    this.#wrote(src, start, start + n);
    return n;
  }

  /** `src[start…end)` was taken: advance the position (and count lines when asked to). */
  #wrote(src: Uint8Array, start: number, end: number): void {
    this.#offset += end - start;
    if (this.#counter !== null) this.#counter.countBytes(src, start, end);
  }

  /** For subclasses whose writes bypass this class (custom ports): `src[start…end)` was taken. */
  protected noteWritten(src: Uint8Array, start: number, end: number): void {
    this.#wrote(src, start, end);
  }

  /** @internal `port-count-lines!`: positions then count characters from 1 (Racket's docs). */
  countLines(): void {
    this.#counter ??= new LineCounter(1);
  }

  /** @internal `port-next-location`: `[line, column, position]`; `false`s when not counting. */
  nextLocation(): [number | false, number | false, number] {
    const c = this.#counter;
    return c === null ? [false, false, this.#offset + 1] : [c.line, c.column, c.position];
  }

  // --- the public operations -----------------------------------------------------------------

  /**
   * Writes `str` as UTF-8 (a lone surrogate as U+FFFD); resolves as `write` does. A string
   * that fits in the buffer is encoded straight into it; any other is encoded once, into bytes
   * the sink may keep as they are.
   */
  writeString(who: string, str: string): Promise<number> | number {
    const mode = this.#mode;
    if (!this.#busy && (mode === 'block' || mode === 'line') && !this.#closed) {
      this.#checkUsable(who);
      const buffer = this.#buffer;
      if (buffer.fits(str)) {
        const n = buffer.addText(str);
        this.#offset += n;
        if (this.#counter !== null) this.#counter.countString(str);
        if (buffer.isFull || (mode === 'line' && /[\n\r]/.test(str))) {
          this.#gate.needsFlush = true;
          if (!this.#settleFlush()) {
            return this.#enqueue((owner) => this.#writeRest(who, EMPTY, 0, 0, n, owner));
          }
        }
        return n;
      }
    }
    const bytes = Buffer.from(str, 'utf8');
    return this.#gate.direct.give(bytes, () => this.write(who, bytes, 0, bytes.length));
  }

  /** Writes all of `src[start…end)`; resolves when every byte is buffered or with the sink. */
  write(who: string, src: Uint8Array, start: number, end: number): Promise<number> | number {
    this.checkOpen(who);
    if (!this.#busy) {
      this.#checkUsable(who);
      const done = this.#writeStep(src, start, end);
      if (done === end - start && this.#settleFlush() && this.#gate.direct.lentReturned())
        return done;
      return this.#enqueue((owner) =>
        this.#writeRest(who, src, start + done, end, end - start, owner),
      );
    }
    return this.#enqueue((owner) => this.#writeRest(who, src, start, end, end - start, owner));
  }

  /** After a buffered write that asked for a flush: flushes now if possible; true if settled. */
  #settleFlush(): boolean {
    if (!this.#gate.needsFlush) return true;
    if (!this.#gate.flushSome()) return false;
    this.#gate.needsFlush = false;
    return true;
  }

  async #writeRest(
    who: string,
    src: Uint8Array,
    start: number,
    end: number,
    total: number,
    owner: ThreadCore,
  ): Promise<number> {
    let pos = start;
    for (;;) {
      this.#checkUsable(who, owner);
      if (pos < end) pos += this.#writeStep(src, pos, end);
      if (pos === end && this.#settleFlush() && this.#gate.direct.lentReturned()) return total;
      // Lent bytes a failed sink still holds: the write raises the failure.
      if (this.#gate.error !== null) this.#gate.raiseError();
      await this.#waitForSink(owner);
    }
  }

  /**
   * Waits (breakably, when breaks are enabled) until the sink takes more, the port is aborted,
   * the sink fails, or another thread closes the port. A kill ends it, and the operation's turn.
   */
  #waitForSink(owner: ThreadCore): Promise<true> {
    const ready = (): true | NotReady =>
      this.#aborted ||
      this.#gate.error !== null ||
      this.sink.room() > 0 ||
      this.#closedAgainst(owner)
        ? true
        : NOT_READY;
    return syncPrimitive(false, new AttemptEvt(this, ready));
  }

  /**
   * Runs `op` for the current thread once every operation queued before it has finished (its
   * turn: a wait that breaks and kills end), and lets the next one go when it settles. It
   * finishes before its caller resumes, so a caller that was last finds the port idle.
   */
  #enqueue<T>(op: (owner: ThreadCore) => Promise<T>): Promise<T> {
    // Made at the first operation that waits: most ports never have one.
    this.#order ??= new OperationQueue(() => this.#writers?.wakeAll());
    return this.#runInTurn(this.#order.enter(), op);
  }

  async #runInTurn<T>(turn: Turn, op: (owner: ThreadCore) => Promise<T>): Promise<T> {
    try {
      // The first in line starts at once, before its caller goes on.
      if (!turn.isReady) await turn.wait(false);
      return await op(turn.owner);
    } finally {
      turn.finish();
    }
  }

  /** Everything buffered handed to the sink. */
  flush(who: string): Promise<void> | void {
    this.checkOpen(who);
    if (!this.#busy) {
      this.#checkUsable(who);
      if (this.#gate.flushSome()) return;
    }
    return this.#enqueue((owner) => this.#flushRest(who, owner));
  }

  async #flushRest(who: string, owner: ThreadCore): Promise<void> {
    for (;;) {
      this.#checkUsable(who, owner);
      if (this.#gate.flushSome()) return;
      await this.#waitForSink(owner);
    }
  }

  /**
   * `write-bytes-avail`: flushes the buffer, then writes at least one byte past it (waiting if
   * needed); returns the count. Zero bytes only flush.
   */
  writeAvail(who: string, src: Uint8Array, start: number, end: number): Promise<number> | number {
    this.checkOpen(who);
    if (!this.#busy) {
      const n = this.writeAvailNow(who, src, start, end);
      if (typeof n === 'number' && (n > 0 || start === end)) return n;
    }
    return this.#enqueue(async (owner) => {
      for (;;) {
        this.#checkUsable(who, owner);
        const n = this.writeAvailNow(who, src, start, end, false);
        if (typeof n === 'number' && (n > 0 || start === end)) return n;
        await this.#waitForSink(owner);
      }
    });
  }

  /**
   * `write-bytes-avail*`'s core: flushes what it can, then writes what the sink takes now.
   * Returns the count (0 when the buffer is out but the sink takes nothing more), or `false`
   * when buffered bytes could not all go out (as Racket's `write-bytes-avail*` says).
   */
  writeAvailNow(
    who: string,
    src: Uint8Array,
    start: number,
    end: number,
    checkClosed = true,
  ): number | false {
    if (checkClosed) this.checkOpen(who);
    this.#checkUsable(who);
    if (!this.#gate.flushSome()) return false;
    if (start === end) return 0;
    const n = this.#gate.writeDirect(src, start, end, false);
    this.#wrote(src, start, start + n);
    return n;
  }

  /** No queued operation: a new one may act now without overtaking an earlier one. */
  get isIdle(): boolean {
    return !this.#busy;
  }

  /** `close-output-port`: closed at once; resolves once queued writes and the buffer are out. */
  close(): Promise<void> | void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closer = currentThreadCore();
    this.sink.closing?.();
    wakeCloseWaiters(this);
    // Writers of other threads blocked on this port wake and fail.
    this.#writers?.wakeAll();
    const finish = (): void => {
      if (!this.#aborted) this.sink.end();
      this.#release();
    };
    if (!this.#busy) {
      // A failed sink with bytes buffered: the close raises its error, closed all the same.
      if (this.#gate.error !== null && this.#buffer.count > 0) finish();
      if (this.#gate.flushSome()) return finish();
    }
    return this.#enqueue(async (owner) => {
      try {
        await this.#flushRest('close-output-port', owner);
      } finally {
        finish();
      }
    });
  }

  /**
   * `await using`: closes the port as {@link closeOutputPort} does, flushing first (so it
   * waits, and there is no `Symbol.dispose`); a closed port is fine. The promise rejects if
   * the flush fails.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Closes without flushing: unflushed output is discarded (custodian shutdown, abandon). */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#closed = true;
    this.#buffer.discard();
    this.sink.abort();
    this.#release();
    wakeCloseWaiters(this);
    this.#writers?.wakeAll();
  }

  #release(): void {
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    this.#buffer.release();
  }
}

/** Whether `v` is an output port, open or closed (Racket: `output-port?`). Never raises. */
export const isOutputPort = (v: unknown): v is OutputPort => v instanceof OutputPort;

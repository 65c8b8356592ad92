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
import { keptCopy } from './bytes.js';
import { Buffer } from 'node:buffer';

/** Where an output port's bytes go. */
export interface OutputSink {
  /** Bytes the sink takes now without waiting; 0 until it calls `port.sinkReady()`. */
  room(): number;
  /** Takes `chunk` (at most `room()` bytes); the sink may keep it: the port never reuses it. */
  write(chunk: Uint8Array): void;
  /** No more output (TCP sends a FIN once everything is written). */
  end(): void;
  /** Closed without flushing (custodian shutdown, abandon): release at once. */
  abort(): void;
  /** The buffer mode changed (TCP turns TCP_NODELAY on exactly in `'block'` mode). */
  bufferModeChanged?(mode: OutputBufferMode): void;
  /** The port is closing: the writes that follow are its last, and `end` comes after them. */
  closing?(): void;
  /**
   * Writes of at least this many bytes may be *lent* to `write`: a view of the caller's bytes,
   * not a copy. The sink must let go of them by the time `room()` is above 0 again, and the
   * write completes only then. Without it, every write past the buffer is copied.
   */
  lendAt?(): number;
  /**
   * Takes a view of the port's own buffer, which the port reuses if the sink says (true) that
   * it let go of the bytes before returning; otherwise the sink keeps the buffer for good.
   * Without it, flushes copy (small ones) or give the buffer away (large ones).
   */
  writeBuffer?(view: Uint8Array): boolean;
}

export type OutputBufferMode = 'block' | 'line' | 'none';

export const BUFFER_SIZE = 4096;

/** Flushes up to this many bytes copy them out and keep the buffer for the next writes. */
const SMALL_FLUSH = 1024;

/**
 * Buffers of closed ports, for the first writes of new ones: a connection that writes once and
 * closes then allocates no buffer of its own. A few suffice, since ports close as others open.
 */
const spareBuffers: Uint8Array[] = [];
const MAX_SPARE_BUFFERS = 16;

const CR = 0x0d;
const LF = 0x0a;

const EMPTY = new Uint8Array(0);

/** Node's UTF-8 encoder into a range of any `Uint8Array` (`Buffer`'s `write(str, offset, max)`). */
type Utf8Write = (this: Uint8Array, str: string, offset: number, max: number) => number;
const utf8Write = (Buffer.prototype as unknown as { utf8Write: Utf8Write }).utf8Write;

export class OutputPort extends PrimitiveEvt<OutputPort> implements Managed {
  readonly name: string;
  /** Where the bytes go (subclasses may know it as more than an `OutputSink`). */
  protected readonly sink: OutputSink;
  /** `false`: no buffer mode (pipes), writes go straight to the sink. */
  #mode: OutputBufferMode | false;
  #buffer: Uint8Array | null = null;
  #buffered = 0;
  #closed = false;
  /** Closed by a custodian or abandoned: pending writes fail, nothing more is flushed. */
  #aborted = false;
  /** An error from the sink (e.g. EPIPE), raised by the next write or flush. */
  #error: Exn | null = null;
  /**
   * Operations that had to wait (for the sink, or for an earlier one), in call order: later
   * writes queue behind them. Idle again, the port's waiting writers try again.
   */
  readonly #order = new OperationQueue(() => this.#writers?.wakeAll());
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
    if (mode === 'none' && !this.#order.busy) this.#flushSome();
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get bufferedBytes(): number {
    return this.#buffered;
  }

  // --- called by the sink --------------------------------------------------------------------

  /** The sink can take more: waiting writers try again. */
  sinkReady(): void {
    this.#writers?.wakeAll();
  }

  /** The sink failed: the next write or flush raises `error`. */
  sinkFailed(error: Exn): void {
    this.#error ??= error;
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
    return !this.#order.busy && (this.#closed || this.#error !== null || this.sink.room() > 0);
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
    if (this.#error !== null) throw this.#error;
  }

  #closedAgainst(owner: ThreadCore | null): boolean {
    return owner !== null && this.#closer !== null && this.#closer !== owner;
  }

  // --- synchronous steps: each does what it can without waiting --------------------------------

  /** Hands the buffer to the sink if it can take it; true when the buffer is empty. */
  #flushSome(): boolean {
    if (this.#buffered === 0) return true;
    const room = this.sink.room();
    if (room <= 0) return false;
    const buffer = this.#buffer!;
    if (room >= this.#buffered) {
      if (this.sink.writeBuffer !== undefined) {
        // The sink says whether it let go of the bytes at once: if not, it keeps the buffer.
        if (!this.sink.writeBuffer(buffer.subarray(0, this.#buffered))) this.#buffer = null;
      } else if (this.#buffered <= SMALL_FLUSH) {
        // A small flush (a request, a line): copying it out is cheaper than a fresh buffer.
        this.sink.write(keptCopy(buffer, 0, this.#buffered));
      } else {
        // The sink keeps the buffer itself; a fresh one takes its place (no copy).
        this.sink.write(buffer.subarray(0, this.#buffered));
        this.#buffer = null;
      }
      this.#buffered = 0;
      return true;
    }
    this.sink.write(keptCopy(buffer, 0, room));
    buffer.copyWithin(0, room, this.#buffered);
    this.#buffered -= room;
    return false;
  }

  /**
   * Writes `src[start…end)` past the buffer, as much as the sink takes; returns the count.
   * The sink gets a copy (the caller may reuse its bytes once the write returns), or, for a
   * write that `mayLend` and that is large enough, the bytes themselves (see `lendAt`).
   */
  #writeDirect(src: Uint8Array, start: number, end: number, mayLend: boolean): number {
    const sink = this.sink;
    const n = Math.min(sink.room(), end - start);
    if (n <= 0) return 0;
    if (src === this.#ownedBytes) {
      // Bytes racket-net made for this write (an encoded string): the sink may keep them.
      sink.write(start === 0 && n === src.length ? src : src.subarray(start, start + n));
    } else if (mayLend && sink.lendAt !== undefined && n >= sink.lendAt()) {
      sink.write(start === 0 && n === src.length ? src : src.subarray(start, start + n));
      this.#lent = true;
    } else sink.write(keptCopy(src, start, start + n));
    return n;
  }

  /** The bytes of the `writeString` in progress: private, so the sink may keep them uncopied. */
  #ownedBytes: Uint8Array | null = null;

  /** The sink holds bytes a write lent it (see `lendAt`): that write is not complete yet. */
  #lent = false;

  /** Whether the sink has let go of lent bytes (or none were lent). */
  #lentReturned(): boolean {
    if (this.#lent && this.sink.room() <= 0) return false;
    this.#lent = false;
    return true;
  }

  /**
   * One synchronous attempt to write `src[start…end)`; returns how many bytes it took.
   * Buffered modes copy into the buffer when the bytes fit, flushing as the mode says;
   * otherwise the buffer is flushed first and the bytes go straight to the sink.
   */
  #writeStep(src: Uint8Array, start: number, end: number): number {
    const mode = this.#mode;
    if (mode === 'block' || mode === 'line') {
      const n = end - start;
      if (this.#buffered + n <= BUFFER_SIZE) {
        if (n > 0) {
          const buffer = (this.#buffer ??= spareBuffers.pop() ?? new Uint8Array(BUFFER_SIZE));
          buffer.set(
            start === 0 && end === src.length ? src : src.subarray(start, end),
            this.#buffered,
          );
          this.#buffered += n;
        }
        if (this.#buffered === BUFFER_SIZE || (mode === 'line' && hasNewline(src, start, end))) {
          this.#needsFlush = true;
        }
        return n;
      }
      if (!this.#flushSome()) return 0;
    } else if (!this.#flushSome()) return 0;
    return this.#writeDirect(src, start, end, true);
  }

  /** Set by a write whose bytes are buffered but whose mode asks for a flush now. */
  #needsFlush = false;

  // --- the public operations -----------------------------------------------------------------

  /**
   * Writes `str` as UTF-8 (a lone surrogate as U+FFFD); resolves as `write` does. A string
   * that fits in the buffer is encoded straight into it; any other is encoded once, into bytes
   * the sink may keep as they are.
   */
  writeString(who: string, str: string): Promise<number> | number {
    const mode = this.#mode;
    if (!this.#order.busy && (mode === 'block' || mode === 'line') && !this.#closed) {
      this.#checkUsable(who);
      const room = BUFFER_SIZE - this.#buffered;
      if (str.length * 3 <= room || Buffer.byteLength(str) <= room) {
        const buffer = (this.#buffer ??= spareBuffers.pop() ?? new Uint8Array(BUFFER_SIZE));
        const n = utf8Write.call(buffer, str, this.#buffered, room);
        this.#buffered += n;
        if (this.#buffered === BUFFER_SIZE || (mode === 'line' && /[\n\r]/.test(str))) {
          this.#needsFlush = true;
          if (!this.#settleFlush()) {
            return this.#enqueue((owner) => this.#writeRest(who, EMPTY, 0, 0, n, owner));
          }
        }
        return n;
      }
    }
    const bytes = Buffer.from(str, 'utf8');
    this.#ownedBytes = bytes;
    try {
      return this.write(who, bytes, 0, bytes.length);
    } finally {
      this.#ownedBytes = null;
    }
  }

  /** Writes all of `src[start…end)`; resolves when every byte is buffered or with the sink. */
  write(who: string, src: Uint8Array, start: number, end: number): Promise<number> | number {
    this.checkOpen(who);
    if (!this.#order.busy) {
      this.#checkUsable(who);
      const done = this.#writeStep(src, start, end);
      if (done === end - start && this.#settleFlush() && this.#lentReturned()) return done;
      return this.#enqueue((owner) =>
        this.#writeRest(who, src, start + done, end, end - start, owner),
      );
    }
    return this.#enqueue((owner) => this.#writeRest(who, src, start, end, end - start, owner));
  }

  /** After a buffered write that asked for a flush: flushes now if possible; true if settled. */
  #settleFlush(): boolean {
    if (!this.#needsFlush) return true;
    if (!this.#flushSome()) return false;
    this.#needsFlush = false;
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
      if (pos === end && this.#settleFlush() && this.#lentReturned()) return total;
      await this.#waitForSink(owner);
    }
  }

  /**
   * Waits (breakably, when breaks are enabled) until the sink takes more, the port is aborted,
   * the sink fails, or another thread closes the port. A kill ends it, and the operation's turn.
   */
  #waitForSink(owner: ThreadCore): Promise<true> {
    return syncPrimitive(
      false,
      new SinkReadyEvt(
        this,
        () =>
          this.#aborted ||
          this.#error !== null ||
          this.sink.room() > 0 ||
          this.#closedAgainst(owner),
      ),
    );
  }

  /**
   * Runs `op` for the current thread once every operation queued before it has finished (its
   * turn: a wait that breaks and kills end), and lets the next one go when it settles. It
   * finishes before its caller resumes, so a caller that was last finds the port idle.
   */
  #enqueue<T>(op: (owner: ThreadCore) => Promise<T>): Promise<T> {
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
    if (!this.#order.busy) {
      this.#checkUsable(who);
      if (this.#flushSome()) return;
    }
    return this.#enqueue((owner) => this.#flushRest(who, owner));
  }

  async #flushRest(who: string, owner: ThreadCore): Promise<void> {
    for (;;) {
      this.#checkUsable(who, owner);
      if (this.#flushSome()) return;
      await this.#waitForSink(owner);
    }
  }

  /**
   * `write-bytes-avail`: flushes the buffer, then writes at least one byte past it (waiting if
   * needed); returns the count. Zero bytes only flush.
   */
  writeAvail(who: string, src: Uint8Array, start: number, end: number): Promise<number> | number {
    this.checkOpen(who);
    if (!this.#order.busy) {
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
    if (!this.#flushSome()) return false;
    if (start === end) return 0;
    return this.#writeDirect(src, start, end, false);
  }

  /** No queued operation: a new one may act now without overtaking an earlier one. */
  get isIdle(): boolean {
    return !this.#order.busy;
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
    if (!this.#order.busy && (this.#error !== null || this.#flushSome())) return finish();
    return this.#enqueue(async (owner) => {
      try {
        await this.#flushRest('close-output-port', owner);
      } finally {
        finish();
      }
    });
  }

  /** Closes without flushing: unflushed output is discarded (custodian shutdown, abandon). */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#closed = true;
    this.#buffer = null;
    this.#buffered = 0;
    this.sink.abort();
    this.#release();
    wakeCloseWaiters(this);
    this.#writers?.wakeAll();
  }

  #release(): void {
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    // A buffer the port still has is its own (a sink that kept one took it away).
    if (this.#buffer !== null && spareBuffers.length < MAX_SPARE_BUFFERS) {
      spareBuffers.push(this.#buffer);
    }
    this.#buffer = null;
  }
}

/** Ready when the sink can take more (or the port can no longer wait). */
class SinkReadyEvt extends PrimitiveEvt<true> {
  constructor(
    readonly port: OutputPort,
    readonly ready: () => boolean,
  ) {
    super();
  }
  poll(): true | NotReady {
    return this.ready() ? true : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return this.port.watch(waiter);
  }
  override waiterSet(): WaiterSet {
    return this.port.waiterSet();
  }
}

function hasNewline(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === LF || b === CR) return true;
  }
  return false;
}

export const isOutputPort = (v: unknown): v is OutputPort => v instanceof OutputPort;

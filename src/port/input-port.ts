/**
 * Input ports: a queue of byte chunks fed by a *source* (a socket, a pipe's writer).
 *
 * Reads take from the queue. Every read primitive here is synchronous and either commits
 * (consumes exactly what it returns) or answers NOT_READY, so a read that waits is just a
 * `sync` on an event whose poll is that primitive: a read broken while waiting consumes nothing.
 * A read that needs N bytes at once (`readBytes`, a line) raises the port's *demand*, so the
 * source keeps delivering until N are there; otherwise the source is paused above `highWater`.
 */
import { type Custodian, type Managed } from '../custodian/custodian.js';
import '../custodian/dispose-symbols.js';
import { wakeCloseWaiters } from './close-waiters.js';
import { type Exn } from '../exn/exn.js';
import { failError } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { eof, type EofObject } from './eof.js';
import { keptCopy } from './bytes.js';
import { ChunkQueue } from './chunk-queue.js';
import { commitBuffered, firedSignal } from './progress.js';
import { ReadTracker } from './read-tracker.js';
import { type InputBufferMode, type InputPortOptions, type InputSource } from './input-source.js';

export type { InputBufferMode, InputPortOptions, InputSource } from './input-source.js';
export type { LineMode } from './line-scan.js';

/** The empty queue every port starts with; a port's first bytes get it a queue of its own. */
const NO_CHUNKS = new ChunkQueue();

/**
 * A Racket input port (`input-port?`): from a TCP connection, a pipe or a stream bridge. Read
 * it with the port functions (`readBytes`, `readLine`, …). It is also an event: ready when a
 * read would not wait (bytes or EOF are there, or it is closed), with the port as its result;
 * choosing it reads nothing.
 *
 * @opaque
 */
export class InputPort extends PrimitiveEvt<InputPort> implements Managed {
  readonly name: string;
  bufferMode: InputBufferMode | false;
  /** Where the bytes come from (subclasses may know it as more than an `InputSource`). */
  protected readonly source: InputSource;
  readonly #highWater: number;
  /** Shared by ports that have been sent nothing yet (most of a server's idle ones). */
  #chunks = NO_CHUNKS;
  /** The source has ended: once the buffer is empty, reads give EOF (every time). */
  #ended = false;
  /** Raised by the next read once buffered bytes are gone (e.g. a connection reset). */
  #error: Exn | null = null;
  #closed = false;
  #paused = false;
  /** Bytes a waiting reader needs buffered at once. */
  #demand = 0;
  /**
   * How far peeks have reached (from the first unread byte): as in Racket, peeked bytes do not
   * count against the limit (`highWater`) until they are read, so a peek makes room in a pipe.
   */
  #peeked = 0;
  /** Made on first use: most ports of an idle server never have a waiter. */
  #readers: WaiterSet | null = null;
  /** The custodian that manages the port until it closes. */
  #custodian: Custodian | null = null;
  /** Bytes read so far (Racket's port offset: a position when lines are not counted). */
  #offset = 0;
  /** Made once lines are counted or a progress event is asked for: reads report to it. */
  #tracker: ReadTracker | null = null;

  constructor(name: string, source: InputSource, options: InputPortOptions = {}) {
    super();
    this.name = name;
    this.source = source;
    this.#highWater = options.highWater ?? 65536;
    this.bufferMode = options.bufferMode ?? false;
  }

  /** Puts the port under `custodian`, which closes it on shutdown (until the port closes). */
  manageBy(who: string, custodian: Custodian): void {
    custodian.manage(who, this);
    this.#custodian = custodian;
  }

  custodianShutdown(): void {
    this.close();
  }

  // --- fed by the source ---------------------------------------------------------------------

  /** Bytes the port now owns (the source never touches `chunk` again). */
  push(chunk: Uint8Array): void {
    if (!this.#enqueue(chunk)) return;
    this.#pauseIfFull();
    this.#readers?.wakeAll();
  }

  /**
   * Bytes in a buffer the source reuses once this returns (a socket's `onread` buffer), pushed
   * from the top of a Node callback: a waiting read takes its bytes at once, straight from
   * `view` into its destination, and only what is left over is copied for the port to keep.
   */
  pushBorrowed(view: Uint8Array): void {
    if (!this.#enqueue(view)) return;
    this.#readers?.pollAll();
    const chunks = this.#chunks;
    const last = chunks.length - 1;
    if (last >= 0 && chunks.at(last) === view) {
      // Still (partly) unread: the port needs its own copy of what is left.
      const from = last === 0 ? chunks.head : 0;
      chunks.replaceLast(keptCopy(view, from, view.length));
      if (last === 0) chunks.head = 0;
    }
    this.#pauseIfFull();
  }

  /** Queues `chunk`; false when it is discarded (after close or EOF, or empty). */
  #enqueue(chunk: Uint8Array): boolean {
    // Bytes that arrive after the user closed the port are discarded.
    if (this.#closed || this.#ended || chunk.length === 0) return false;
    if (this.#chunks === NO_CHUNKS) this.#chunks = new ChunkQueue();
    this.#chunks.push(chunk);
    return true;
  }

  #pauseIfFull(): void {
    if (!this.#paused && this.#chunks.size >= this.#limit()) {
      this.#paused = true;
      this.source.pause();
    }
  }

  pushEof(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#readers?.wakeAll();
  }

  pushError(error: Exn): void {
    if (this.#ended || this.#closed) return;
    this.#error = error;
    this.#ended = true;
    this.#readers?.wakeAll();
  }

  // --- state ---------------------------------------------------------------------------------

  get isClosed(): boolean {
    return this.#closed;
  }

  get bufferedBytes(): number {
    return this.#chunks.size;
  }

  /** Bytes the port takes before it would pause its source (pipes use this as their room). */
  get room(): number {
    return Math.max(0, this.#limit() - this.#chunks.size);
  }

  /** Bytes buffered at which the source pauses: the high-water mark past the peeked bytes. */
  #limit(): number {
    return Math.max(this.#highWater + this.#peeked, this.#demand);
  }

  /** A peek saw up to `end` bytes in: they stop counting against the limit until read. */
  #peekedTo(end: number): void {
    if (end <= this.#peeked) return;
    this.#peeked = end;
    if (this.#paused && this.#chunks.size < this.#limit()) {
      this.#paused = false;
      this.source.resume();
    }
  }

  /** Ready means a read would not wait: data, EOF, an error or a closed port. */
  get isReady(): boolean {
    return this.#chunks.size > 0 || this.#ended || this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks.clear();
    this.source.close();
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    this.#readers?.wakeAll();
    wakeCloseWaiters(this);
    this.#tracker?.fire();
  }

  /**
   * `using` / `await using`: closes the port (as {@link closeInputPort}, but a closed port is
   * fine). Closing an input port never waits, so both kinds of disposal are there.
   */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `await using`: closes the port; the promise is already settled. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  checkOpen(who: string): void {
    if (this.#closed) {
      throw failError(who, 'input port is closed', [['input port', formatValue(this)]]);
    }
  }

  // --- the port as an event: ready when a read would not block; result the port ----------------

  poll(): InputPort | NotReady {
    return this.isReady ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.waiterSet().add(waiter);
  }

  override waiterSet(): WaiterSet {
    return (this.#readers ??= new WaiterSet());
  }

  [racketPrint](): string {
    return `#<input-port:${this.name}>`;
  }

  // --- read primitives: commit or NOT_READY ----------------------------------------------------

  /** What a read finds when the buffer holds nothing more for it: EOF, the error, or a wait. */
  #nothingMore(need: number, consume: boolean): EofObject | NotReady {
    if (this.#error !== null) {
      const error = this.#error;
      // A read reports the error once; EOF follows (as a reset TCP port does in Racket).
      if (consume) this.#error = null;
      if (consume && this.eofIsOnce) this.#ended = false;
      throw error;
    }
    if (this.#ended) {
      if (consume && this.eofIsOnce) this.#ended = false;
      return eof;
    }
    this.#want(need);
    return NOT_READY;
  }

  #want(need: number): void {
    if (need > this.#demand) this.#demand = need;
    if (this.#paused && this.#chunks.size < this.#limit()) {
      this.#paused = false;
      this.source.resume();
    }
    this.wanted(need);
  }

  // --- hooks for ports fed on demand (custom-input-port.ts; no-ops here) ---------------------

  /** @internal A read needs `need` bytes buffered and they are not there (yet). */
  protected wanted(_need: number): void {}

  /** @internal EOF is one read's (Racket's custom ports): taking it lets the source go on. */
  protected get eofIsOnce(): boolean {
    return false;
  }

  /** @internal The source may deliver again after an EOF that a read took (`eofIsOnce`). */
  protected reopenAfterEof(): void {
    if (this.#error === null) this.#ended = false;
  }

  /** The first `n` buffered bytes, copied out and consumed. */
  #takeFront(n: number): Uint8Array {
    const out = this.#chunks.copyFront(n);
    this.#consume(n);
    return out;
  }

  #consume(n: number): void {
    // The one branch counting costs a read when no line counting or progress event is on.
    if (this.#tracker !== null) this.#tracker.read(this.#chunks, n);
    this.#offset += n;
    this.#chunks.consume(n);
    this.#demand = 0;
    if (this.#peeked !== 0) this.#peeked = n < this.#peeked ? this.#peeked - n : 0;
    if (this.#paused && this.#chunks.size < this.#highWater + this.#peeked) {
      this.#paused = false;
      this.source.resume();
    }
    // The last bytes before EOF were taken: an `eofEvt` waiting behind them is ready now.
    if (this.#chunks.size === 0 && this.#ended) this.#readers?.wakeAll();
  }

  /** `read-bytes-avail!`: at least one byte (up to `end - start`), or EOF. */
  readAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
  ): number | EofObject | NotReady {
    this.checkOpen(who);
    if (end === start) return 0;
    const size = this.#chunks.size;
    if (size === 0) return this.#nothingMore(1, true);
    const n = Math.min(size, end - start);
    this.#chunks.copyOut(dest, start, n, 0);
    this.#consume(n);
    return n;
  }

  /** Everything buffered (up to `max` bytes, at least one) as a fresh array; or EOF. */
  takeAvail(who: string, max: number): Uint8Array | EofObject | NotReady {
    this.checkOpen(who);
    const size = this.#chunks.size;
    if (size === 0) return this.#nothingMore(1, true);
    const n = Math.min(size, max);
    return this.#takeFront(n);
  }

  /** `peek-bytes-avail!`: bytes after `skip` (up to `end - start`) without consuming, or EOF. */
  peekAvailInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
    skip: number,
  ): number | EofObject | NotReady {
    this.checkOpen(who);
    if (end === start) return 0;
    if (this.#chunks.size <= skip) return this.#nothingMore(skip + 1, false);
    const n = Math.min(this.#chunks.size - skip, end - start);
    this.#chunks.copyOut(dest, start, n, skip);
    this.#peekedTo(skip + n);
    return n;
  }

  /** `read-byte` / `peek-byte`: the byte `skip` bytes in (read if `consume`, else peeked), or EOF. */
  byteAt(who: string, skip: number, consume: boolean): number | EofObject | NotReady {
    this.checkOpen(who);
    if (this.#chunks.size <= skip) return this.#nothingMore(skip + 1, consume);
    const byte =
      skip === 0 ? this.#chunks.at(0)[this.#chunks.head]! : this.#chunks.byteReader()(skip);
    if (consume) this.#consume(1);
    else this.#peekedTo(skip + 1);
    return byte;
  }

  /** `read-bytes` / `peek-bytes`: `amt` bytes after `skip` (read if `consume`), fewer only at EOF. */
  bytesAt(
    who: string,
    amt: number,
    skip: number,
    consume: boolean,
  ): Uint8Array | EofObject | NotReady {
    this.checkOpen(who);
    if (amt === 0) return new Uint8Array(0);
    const size = this.#chunks.size;
    let n = amt;
    if (size < skip + amt) {
      if (!this.#ended) return this.#nothingMore(skip + amt, consume);
      if (size <= skip) return this.#nothingMore(skip + amt, consume);
      n = size - skip;
    }
    if (skip > 0) {
      const out = new Uint8Array(n);
      this.#chunks.copyOut(out, 0, n, skip);
      this.#peekedTo(skip + n);
      return out;
    }
    const out = this.#chunks.copyFront(n);
    if (consume) this.#consume(n);
    else this.#peekedTo(n);
    return out;
  }

  /** `read-bytes!`: exactly `end - start` bytes into `dest`, fewer only at EOF; or EOF. */
  readInto(
    who: string,
    dest: Uint8Array,
    start: number,
    end: number,
  ): number | EofObject | NotReady {
    this.checkOpen(who);
    const amt = end - start;
    if (amt === 0) return 0;
    const size = this.#chunks.size;
    if (size < amt && (!this.#ended || size === 0)) return this.#nothingMore(amt, true);
    const n = Math.min(size, amt);
    this.#chunks.copyOut(dest, start, n, 0);
    this.#consume(n);
    return n;
  }

  // --- locations and progress: what custom ports override ------------------------------------
  //
  // Racket's `get-progress-evt` and `commit` (of `make-input-port`) are overrides of
  // `progressEvt` and `commitPeeked`. A subclass whose reads bypass this class's buffer calls
  // `noteRead` for the bytes each read or commit takes: that counts lines and fires progress.

  /** For subclasses: `bytes[start…end)` were just read or committed (bypassing the buffer). */
  protected noteRead(bytes: Uint8Array, start: number, end: number): void {
    this.#offset += end - start;
    this.#tracker?.noted(bytes, start, end);
  }

  /** @internal `port-count-lines!`: positions then count characters from 1 (Racket's docs). */
  countLines(): void {
    (this.#tracker ??= new ReadTracker()).countLines(1);
  }

  /** @internal `port-next-location`: `[line, column, position]`; `false`s when not counting. */
  nextLocation(): [number | false, number | false, number] {
    const c = this.#tracker?.counter;
    return c == null ? [false, false, this.#offset + 1] : [c.line, c.column, c.position];
  }

  /**
   * Racket's `get-progress-evt`: an event ready (for good) once bytes are next read from the
   * port or it closes; ready at once if it is closed. A subclass may give an event of its own,
   * or `false` if it has none (`portProgressEvt` then raises); `portProgressEvt` wraps it, and
   * the peeks and `commitPeeked` are handed it unwrapped.
   */
  progressEvt(): Evt | false {
    if (this.#closed) return firedSignal();
    return (this.#tracker ??= new ReadTracker()).progressEvt();
  }

  /**
   * Racket's `commit`: waits until `progress` (from `progressEvt`) or `done` is ready; if `done`
   * is chosen first, commits the first `amt` buffered bytes (fewer if fewer are there) as read.
   * Answers whether it committed. `done` is one of the events `portCommitPeeked` accepts.
   */
  commitPeeked(
    amt: number,
    progress: Evt,
    done: PrimitiveEvt<unknown>,
  ): boolean | Promise<boolean> {
    return commitBuffered(progress, done, () => {
      if (!this.#closed) this.#consume(Math.min(amt, this.#chunks.size));
    });
  }

  // --- for the character and line primitives (`input-text.ts`) -------------------------------

  /** @internal The buffered bytes. */
  get chunks(): ChunkQueue {
    return this.#chunks;
  }

  /** @internal The source has ended (EOF or an error). */
  get ended(): boolean {
    return this.#ended;
  }

  /** @internal What a read finds when there is nothing more for it (EOF, the error, a wait). */
  nothingMore(need: number, consume: boolean): EofObject | NotReady {
    return this.#nothingMore(need, consume);
  }

  /** @internal A waiting read needs `need` bytes buffered at once. */
  want(need: number): void {
    this.#want(need);
  }

  /** @internal A read takes `n` bytes. */
  consume(n: number): void {
    this.#consume(n);
  }

  /** @internal A peek saw up to `end` bytes in. */
  peekedTo(end: number): void {
    this.#peekedTo(end);
  }
}

/** Whether `v` is an input port, open or closed (Racket: `input-port?`). Never raises. */
export const isInputPort = (v: unknown): v is InputPort => v instanceof InputPort;

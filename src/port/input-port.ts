/**
 * Input ports: a queue of byte chunks fed by a *source* (a socket, a pipe's writer).
 *
 * Reads take from the queue. Every read primitive here is synchronous and either commits
 * (consumes exactly what it returns) or answers NOT_READY, so a read that waits is just a
 * `sync` on an event whose poll is that primitive: a read broken while waiting consumes nothing.
 * A read that needs N bytes at once (`readBytes`, a line) raises the port's *demand*, so the
 * source keeps delivering until N are there; otherwise the source is paused above `highWater`.
 */
import { Buffer } from 'node:buffer';
import { type Custodian, type Managed } from '../custodian/custodian.js';
import { wakeCloseWaiters } from './close-waiters.js';
import { type Exn } from '../exn/exn.js';
import { failError } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { eof, type EofObject } from './eof.js';
import { copyBytes, copyInto, keptCopy } from './bytes.js';
import { ChunkQueue } from './chunk-queue.js';
import { decodeChar, decodeUtf8Range } from './utf8.js';

/** Where an input port's bytes come from. The port calls these; the source calls `push…`. */
export interface InputSource {
  /** Deliver bytes (again): the port has room or a reader needs more. */
  resume(): void;
  /** Stop delivering until `resume`: the port's buffer is full. */
  pause(): void;
  /** The port is closed: stop for good and release resources. */
  close(): void;
}

export type InputBufferMode = 'block' | 'none';

export interface InputPortOptions {
  /** Bytes buffered before the source is paused. */
  readonly highWater?: number;
  /** `false` for ports that have no buffer mode (pipes). */
  readonly bufferMode?: InputBufferMode | false;
}

export type LineMode = 'linefeed' | 'return' | 'return-linefeed' | 'any' | 'any-one';

const CR = 0x0d;
const LF = 0x0a;

/**
 * `Buffer`'s `indexOf` for any chunk: it searches with `memchr`, where `Uint8Array`'s own
 * goes byte by byte (30 times slower over a 64 KiB chunk).
 */
const indexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  byte: number,
  from: number,
) => number;

/** The empty queue every port starts with; a port's first bytes get it a queue of its own. */
const NO_CHUNKS = new ChunkQueue();

export class InputPort extends PrimitiveEvt<InputPort> implements Managed {
  readonly name: string;
  bufferMode: InputBufferMode | false;
  /** Where the bytes come from (subclasses may know it as more than an `InputSource`). */
  protected readonly source: InputSource;
  readonly #highWater: number;
  /** Shared by ports that have been sent nothing yet (most of a server's idle ones). */
  #chunks = NO_CHUNKS;
  /** Offset of the first unread byte in `#chunks[0]`. */
  #head = 0;
  #size = 0;
  /** The source has ended: once the buffer is empty, reads give EOF (every time). */
  #ended = false;
  /** Raised by the next read once buffered bytes are gone (e.g. a connection reset). */
  #error: Exn | null = null;
  #closed = false;
  #paused = false;
  /** Bytes a waiting reader needs buffered at once. */
  #demand = 0;
  /** Made on first use: most ports of an idle server never have a waiter. */
  #readers: WaiterSet | null = null;
  /** The custodian that manages the port until it closes. */
  #custodian: Custodian | null = null;

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
      const from = last === 0 ? this.#head : 0;
      chunks.replaceLast(keptCopy(view, from, view.length));
      if (last === 0) this.#head = 0;
    }
    this.#pauseIfFull();
  }

  /** Queues `chunk`; false when it is discarded (after close or EOF, or empty). */
  #enqueue(chunk: Uint8Array): boolean {
    // Bytes that arrive after the user closed the port are discarded.
    if (this.#closed || this.#ended || chunk.length === 0) return false;
    if (this.#chunks === NO_CHUNKS) this.#chunks = new ChunkQueue();
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return true;
  }

  #pauseIfFull(): void {
    if (!this.#paused && this.#size >= Math.max(this.#highWater, this.#demand)) {
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
    return this.#size;
  }

  /** Bytes the port takes before it would pause its source (pipes use this as their room). */
  get room(): number {
    return Math.max(0, Math.max(this.#highWater, this.#demand) - this.#size);
  }

  /** Ready means a read would not wait: data, EOF, an error or a closed port. */
  get isReady(): boolean {
    return this.#size > 0 || this.#ended || this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks.clear();
    this.#size = 0;
    this.#head = 0;
    this.source.close();
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    this.#readers?.wakeAll();
    wakeCloseWaiters(this);
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
      throw error;
    }
    if (this.#ended) return eof;
    this.#want(need);
    return NOT_READY;
  }

  #want(need: number): void {
    if (need > this.#demand) this.#demand = need;
    if (this.#paused && this.#size < this.#demand) {
      this.#paused = false;
      this.source.resume();
    }
  }

  /** Copies `n` bytes starting `skip` bytes into the buffer to `dest[destStart…]`. */
  #copyOut(dest: Uint8Array, destStart: number, n: number, skip: number): void {
    let offset = this.#head + skip;
    let ci = 0;
    while (offset >= this.#chunks.at(ci).length) offset -= this.#chunks.at(ci++).length;
    let copied = 0;
    while (copied < n) {
      const chunk = this.#chunks.at(ci++);
      const take = Math.min(chunk.length - offset, n - copied);
      copyInto(dest, destStart + copied, chunk, offset, take);
      copied += take;
      offset = 0;
    }
  }

  /**
   * A copy of the first `n` buffered bytes, made once: the caller owns the result, and views
   * into chunks would keep whole chunks alive.
   */
  #copyFront(n: number): Uint8Array {
    const first = this.#chunks.length > 0 ? this.#chunks.at(0) : undefined;
    if (first !== undefined && first.length - this.#head >= n) {
      return copyBytes(first, this.#head, this.#head + n);
    }
    const out = new Uint8Array(n);
    this.#copyOut(out, 0, n, 0);
    return out;
  }

  /** The first `n` buffered bytes, copied out and consumed. */
  #takeFront(n: number): Uint8Array {
    const out = this.#copyFront(n);
    this.#consume(n);
    return out;
  }

  #consume(n: number): void {
    this.#size -= n;
    this.#demand = 0;
    let head = this.#head + n;
    const chunks = this.#chunks;
    let drop = 0;
    while (drop < chunks.length && head >= chunks.at(drop).length) head -= chunks.at(drop++).length;
    chunks.drop(drop);
    this.#head = chunks.length === 0 ? 0 : head;
    if (this.#paused && this.#size < this.#highWater) {
      this.#paused = false;
      this.source.resume();
    }
    if (this.#size === 0 && this.#ended) this.#drainedToEof();
  }

  /** The last bytes before EOF were taken: an `eofEvt` waiting behind them is ready now. */
  #drainedToEof(): void {
    this.#readers?.wakeAll();
  }

  /**
   * A reader of the buffered bytes by index (0: the first unread byte; -1 past the end) for a
   * scan that goes forward, as line and character decoding do: it remembers the chunk it is
   * in, so a scan over many small chunks costs O(1) a byte, not O(chunks). Valid until the
   * buffer changes.
   */
  #byteReader(): (i: number) => number {
    const chunks = this.#chunks;
    const head = this.#head;
    let ci = 0;
    /** Where chunk `ci` starts, counted from the first unread byte. */
    let start = -head;
    return (i: number): number => {
      if (i < start) {
        ci = 0;
        start = -head;
      }
      for (; ci < chunks.length; ci++) {
        const chunk = chunks.at(ci);
        if (i < start + chunk.length) return chunk[i - start]!;
        start += chunk.length;
      }
      return -1;
    };
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
    const size = this.#size;
    if (size === 0) return this.#nothingMore(1, true);
    const n = Math.min(size, end - start);
    this.#copyOut(dest, start, n, 0);
    this.#consume(n);
    return n;
  }

  /** Everything buffered (up to `max` bytes, at least one) as a fresh array; or EOF. */
  takeAvail(who: string, max: number): Uint8Array | EofObject | NotReady {
    this.checkOpen(who);
    const size = this.#size;
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
    if (this.#size <= skip) return this.#nothingMore(skip + 1, false);
    const n = Math.min(this.#size - skip, end - start);
    this.#copyOut(dest, start, n, skip);
    return n;
  }

  /** `read-byte` / `peek-byte`: the byte `skip` bytes in, or EOF (no array made for it). */
  takeByte(who: string, skip: number, consume: boolean): number | EofObject | NotReady {
    this.checkOpen(who);
    if (this.#size <= skip) return this.#nothingMore(skip + 1, consume);
    const byte = skip === 0 ? this.#chunks.at(0)[this.#head]! : this.#byteReader()(skip);
    if (consume) this.#consume(1);
    return byte;
  }

  /** `read-bytes` / `peek-bytes`: exactly `amt` bytes, fewer only at EOF, or EOF. */
  takeBytes(
    who: string,
    amt: number,
    skip: number,
    consume: boolean,
  ): Uint8Array | EofObject | NotReady {
    this.checkOpen(who);
    if (amt === 0) return new Uint8Array(0);
    const size = this.#size;
    let n = amt;
    if (size < skip + amt) {
      if (!this.#ended) return this.#nothingMore(skip + amt, consume);
      if (size <= skip) return this.#nothingMore(skip + amt, consume);
      n = size - skip;
    }
    if (skip > 0) {
      const out = new Uint8Array(n);
      this.#copyOut(out, 0, n, skip);
      return out;
    }
    const out = this.#copyFront(n);
    if (consume) this.#consume(n);
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
    const size = this.#size;
    if (size < amt && (!this.#ended || size === 0)) return this.#nothingMore(amt, true);
    const n = Math.min(size, amt);
    this.#copyOut(dest, start, n, 0);
    this.#consume(n);
    return n;
  }

  /**
   * `read-line` / `read-bytes-line`: the bytes up to the next separator of `mode` (which is
   * consumed, not returned), or the rest at EOF, or EOF. With `asText` the line comes decoded
   * (`read-line`), straight from the buffer when it lies in one chunk.
   */
  takeLine(who: string, mode: LineMode, asText: false): Uint8Array | EofObject | NotReady;
  takeLine(who: string, mode: LineMode, asText: true): string | EofObject | NotReady;
  takeLine(
    who: string,
    mode: LineMode,
    asText: boolean,
  ): string | Uint8Array | EofObject | NotReady {
    this.checkOpen(who);
    const size = this.#size;
    const end = this.#lineEnd(mode);
    if (end === NOT_READY) return NOT_READY;
    let length: number;
    let sepLength: number;
    if (end < 0) {
      // No separator: the rest is the last line at EOF; otherwise wait for more.
      if (!this.#ended || size === 0) return this.#nothingMore(size + 1, true);
      length = size;
      sepLength = 0;
    } else {
      length = Math.floor(end / 4);
      sepLength = end % 4;
    }
    const first = this.#chunks.at(0);
    const head = this.#head;
    let line: string | Uint8Array;
    if (asText && first.length - head >= length) line = decodeUtf8Range(first, head, head + length);
    else {
      const bytes = this.#copyFront(length);
      line = asText ? decodeUtf8Range(bytes, 0, length) : bytes;
    }
    this.#consume(length + sepLength);
    return line;
  }

  /**
   * Where the first line of `mode` ends: `4 × length + separator length`; -1 when the buffer
   * holds no separator; NOT_READY when a final CR may yet be followed by LF (more is wanted).
   * Scans chunk by chunk, with the native `indexOf` for the separator byte it looks for.
   */
  #lineEnd(mode: LineMode): number | NotReady {
    const chunks = this.#chunks;
    const size = this.#size;
    // The byte that can start a separator: LF alone for 'linefeed', CR for the CR modes.
    const lfEnds = mode === 'linefeed' || mode === 'any' || mode === 'any-one';
    const crEnds = mode !== 'linefeed';
    const target = lfEnds && !crEnds ? LF : !lfEnds ? CR : -1;
    let before = -this.#head;
    for (let ci = 0; ci < chunks.length; ci++) {
      const chunk = chunks.at(ci);
      let i = ci === 0 ? this.#head : 0;
      for (;;) {
        if (target >= 0) i = indexOf.call(chunk, target, i);
        else {
          const lf = indexOf.call(chunk, LF, i);
          const cr = indexOf.call(chunk, CR, i);
          i = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        }
        if (i < 0) break;
        const at = before + i;
        if (chunk[i] === LF) return at * 4 + 1;
        // A CR: its own separator, the start of CRLF, or (in 'return-linefeed') a plain byte.
        if (mode === 'return' || mode === 'any-one') return at * 4 + 1;
        if (at + 1 >= size) {
          if (this.#ended) return mode === 'any' ? at * 4 + 1 : -1;
          this.#want(size + 1);
          return NOT_READY;
        }
        const next = i + 1 < chunk.length ? chunk[i + 1] : chunks.at(ci + 1)[0];
        if (next === LF) return at * 4 + 2;
        if (mode === 'any') return at * 4 + 1;
        i++;
      }
      before += chunk.length;
    }
    return -1;
  }

  /**
   * `read-string` / `read-char` / `peek-char`: up to `amt` characters (peeks may first skip
   * `skip` bytes), fewer only at EOF; EOF when there is none.
   */
  takeChars(
    who: string,
    amt: number,
    skip: number,
    consume: boolean,
  ): string | EofObject | NotReady {
    this.checkOpen(who);
    if (amt === 0) return '';
    const size = this.#size;
    let offset = skip;
    let text = '';
    let count = 0;
    const byteAt = this.#byteReader();
    const at = (k: number): number => byteAt(offset + k);
    while (count < amt && offset < size) {
      const step = decodeChar(at, size - offset, this.#ended);
      if (step === null) break;
      text += String.fromCodePoint(step.codePoint);
      offset += step.length;
      count++;
    }
    if (count < amt && !this.#ended) {
      // An incomplete character, or too few: wait for more bytes.
      return this.#nothingMore(size + 1, consume);
    }
    if (count === 0) return this.#nothingMore(size + 1, consume);
    if (consume) this.#consume(offset - skip);
    return text;
  }

  /** Whether a whole character (or EOF) can be read without waiting. */
  isCharReady(who: string): boolean {
    this.checkOpen(who);
    if (this.#size === 0) return this.#ended;
    return this.#ended || decodeChar(this.#byteReader(), this.#size, false) !== null;
  }
}

export const isInputPort = (v: unknown): v is InputPort => v instanceof InputPort;

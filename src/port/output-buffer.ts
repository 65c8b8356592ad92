/**
 * An output port's buffer (in `'block'` and `'line'` modes): up to `BUFFER_SIZE` bytes, handed
 * to the sink as a whole when it can take them. The bytes themselves are made on the first
 * write, preferably from the buffers of closed ports.
 */
import { Buffer } from 'node:buffer';
import { keptCopy } from './bytes.js';
import { type OutputSink } from './output-sink.js';

export const BUFFER_SIZE = 4096;

/** Flushes up to this many bytes copy them out and keep the buffer for the next writes. */
const SMALL_FLUSH = 1024;

/**
 * Buffers of closed ports, for the first writes of new ones: a connection that writes once and
 * closes then allocates no buffer of its own. A few suffice, since ports close as others open.
 */
const spareBuffers: Uint8Array[] = [];
const MAX_SPARE_BUFFERS = 16;

/** Node's UTF-8 encoder into a range of any `Uint8Array` (`Buffer`'s `write(str, offset, max)`). */
type Utf8Write = (this: Uint8Array, str: string, offset: number, max: number) => number;
const utf8Write = (Buffer.prototype as unknown as { utf8Write: Utf8Write }).utf8Write;

export class OutputBuffer {
  #bytes: Uint8Array | null = null;
  /** Bytes buffered. */
  count = 0;

  get room(): number {
    return BUFFER_SIZE - this.count;
  }

  get isFull(): boolean {
    return this.count === BUFFER_SIZE;
  }

  /** Copies `src[start…end)` in (the caller made sure it fits). */
  add(src: Uint8Array, start: number, end: number): void {
    if (end === start) return;
    const bytes = (this.#bytes ??= spareBuffers.pop() ?? new Uint8Array(BUFFER_SIZE));
    bytes.set(start === 0 && end === src.length ? src : src.subarray(start, end), this.count);
    this.count += end - start;
  }

  /** Whether `str` encoded as UTF-8 fits in the room left. */
  fits(str: string): boolean {
    const room = this.room;
    return str.length * 3 <= room || Buffer.byteLength(str) <= room;
  }

  /** Encodes `str` in as UTF-8 (the caller made sure it `fits`); returns the byte count. */
  addText(str: string): number {
    const bytes = (this.#bytes ??= spareBuffers.pop() ?? new Uint8Array(BUFFER_SIZE));
    const n = utf8Write.call(bytes, str, this.count, this.room);
    this.count += n;
    return n;
  }

  /** Hands the sink as much as it takes now; true when the buffer is empty. */
  flushTo(sink: OutputSink): boolean {
    const count = this.count;
    if (count === 0) return true;
    const room = sink.room();
    if (room <= 0) return false;
    const bytes = this.#bytes!;
    if (room >= count) {
      if (sink.writeBuffer !== undefined) {
        // The sink says whether it let go of the bytes at once: if not, it keeps the buffer.
        if (!sink.writeBuffer(bytes.subarray(0, count))) this.#bytes = null;
      } else if (count <= SMALL_FLUSH) {
        // A small flush (a request, a line): copying it out is cheaper than a fresh buffer.
        sink.write(keptCopy(bytes, 0, count));
      } else {
        // The sink keeps the buffer itself; a fresh one takes its place (no copy).
        sink.write(bytes.subarray(0, count));
        this.#bytes = null;
      }
      this.count = 0;
      return true;
    }
    sink.write(keptCopy(bytes, 0, room));
    bytes.copyWithin(0, room, count);
    this.count -= room;
    return false;
  }

  /** Forgets what is buffered (an aborted port). */
  discard(): void {
    this.#bytes = null;
    this.count = 0;
  }

  /** The port is done with the buffer: its bytes serve a new port's first writes. */
  release(): void {
    // Bytes the buffer still has are its own (a sink that kept some took them away).
    if (this.#bytes !== null && spareBuffers.length < MAX_SPARE_BUFFERS) {
      spareBuffers.push(this.#bytes);
    }
    this.#bytes = null;
  }
}

const CR = 0x0d;
const LF = 0x0a;

/** Whether `src[start…end)` has a CR or LF: a write that a line-buffered port flushes. */
export function hasLineBreak(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b === LF || b === CR) return true;
  }
  return false;
}

/**
 * The bytes an input port holds: chunks, oldest first, and the offset of the first unread
 * byte in the first one (`head`). Taking from the front is O(1) (amortized):
 * an array with a moving start, compacted once most of it is spent, because `Array#shift`
 * is O(n) on long queues and a fast sender can queue thousands of small chunks. Spent slots
 * are overwritten, not freed, so a queue that a reader keeps draining allocates nothing.
 */
import { copyBytes, copyInto } from './bytes.js';

const SPENT = new Uint8Array(0);

/** Shared by every queue that has not held a chunk yet (never written to). */
const NO_ITEMS: Uint8Array[] = [];

export class ChunkQueue {
  #items: Uint8Array[] = NO_ITEMS;
  #start = 0;
  #end = 0;
  /** Offset of the first unread byte in the first chunk. */
  head = 0;
  /** Unread bytes in all. */
  size = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  /** The `i`-th chunk from the front (`i < length`). */
  at(i: number): Uint8Array {
    return this.#items[this.#start + i]!;
  }

  push(chunk: Uint8Array): void {
    if (this.#items === NO_ITEMS) this.#items = [];
    this.#items[this.#end++] = chunk;
    this.size += chunk.length;
  }

  /** Puts `chunk` in the place of the newest chunk (`length > 0`). */
  replaceLast(chunk: Uint8Array): void {
    this.#items[this.#end - 1] = chunk;
  }

  /** Takes `n` unread bytes off the front (`n <= size`). */
  consume(n: number): void {
    this.size -= n;
    let head = this.head + n;
    let drop = 0;
    while (drop < this.length && head >= this.at(drop).length) head -= this.at(drop++).length;
    this.#drop(drop);
    this.head = this.length === 0 ? 0 : head;
  }

  /**
   * A copy of the first `n` unread bytes, made once: the caller owns the result, and views
   * into chunks would keep whole chunks alive.
   */
  copyFront(n: number): Uint8Array {
    const first = this.length > 0 ? this.at(0) : undefined;
    if (first !== undefined && first.length - this.head >= n) {
      return copyBytes(first, this.head, this.head + n);
    }
    const out = new Uint8Array(n);
    this.copyOut(out, 0, n, 0);
    return out;
  }

  /** Removes the first `n` chunks. */
  #drop(n: number): void {
    const items = this.#items;
    // Spent chunks must not stay reachable from here.
    for (let i = 0; i < n; i++) items[this.#start++] = SPENT;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    else if (this.#start > 1024 && this.#start * 2 > this.#end) {
      this.#items = items.slice(this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
  }

  clear(): void {
    this.#items = NO_ITEMS;
    this.#start = this.#end = 0;
    this.head = this.size = 0;
  }

  /** Copies `n` unread bytes, from the `skip`-th on, to `dest[destStart…]`. */
  copyOut(dest: Uint8Array, destStart: number, n: number, skip: number): void {
    let offset = this.head + skip;
    let ci = 0;
    while (offset >= this.at(ci).length) offset -= this.at(ci++).length;
    let copied = 0;
    while (copied < n) {
      const chunk = this.at(ci++);
      const take = Math.min(chunk.length - offset, n - copied);
      copyInto(dest, destStart + copied, chunk, offset, take);
      copied += take;
      offset = 0;
    }
  }

  /**
   * A reader of the unread bytes by index (0: the first; -1 past the end), for a scan that goes
   * forward, as character decoding does: it remembers the chunk it is in, so a scan over many
   * small chunks costs O(1) a byte, not O(chunks). Valid until the queue changes.
   */
  byteReader(): (i: number) => number {
    const head = this.head;
    let ci = 0;
    /** Where chunk `ci` starts, counted from the first unread byte. */
    let start = -head;
    return (i: number): number => {
      if (i < start) {
        ci = 0;
        start = -head;
      }
      for (; ci < this.length; ci++) {
        const chunk = this.at(ci);
        if (i < start + chunk.length) return chunk[i - start]!;
        start += chunk.length;
      }
      return -1;
    };
  }
}

/**
 * The chunks an input port holds, oldest first. Taking from the front is O(1) (amortized):
 * an array with a moving start, compacted once most of it is spent, because `Array#shift`
 * is O(n) on long queues and a fast sender can queue thousands of small chunks.
 */
export class ChunkQueue {
  #items: Uint8Array[] = [];
  #start = 0;

  get length(): number {
    return this.#items.length - this.#start;
  }

  /** The `i`-th chunk from the front (`i < length`). */
  at(i: number): Uint8Array {
    return this.#items[this.#start + i]!;
  }

  push(chunk: Uint8Array): void {
    this.#items.push(chunk);
  }

  /** Removes the first `n` chunks. */
  drop(n: number): void {
    this.#start += n;
    if (this.#start === this.#items.length) this.clear();
    else if (this.#start > 1024 && this.#start * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#start);
      this.#start = 0;
    }
  }

  /** Puts `chunk` in the place of the newest chunk (`length > 0`). */
  replaceLast(chunk: Uint8Array): void {
    this.#items[this.#items.length - 1] = chunk;
  }

  clear(): void {
    // Emptied in place: a queue that a reader keeps draining allocates nothing.
    this.#items.length = 0;
    this.#start = 0;
  }
}

const uint8Slice = Uint8Array.prototype.slice;

/**
 * A copy of `bytes[start…end)`. Not `bytes.slice`: on a Node `Buffer` that is a view sharing
 * the memory, and a view of a reused buffer (a socket's, a caller's) changes under its owner.
 */
export const copyBytes = (bytes: Uint8Array, start: number, end: number): Uint8Array =>
  uint8Slice.call(bytes, start, end);

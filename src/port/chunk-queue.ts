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

  clear(): void {
    this.#items = [];
    this.#start = 0;
  }
}

/**
 * The chunks an input port holds, oldest first. Taking from the front is O(1) (amortized):
 * an array with a moving start, compacted once most of it is spent, because `Array#shift`
 * is O(n) on long queues and a fast sender can queue thousands of small chunks. Spent slots
 * are overwritten, not freed, so a queue that a reader keeps draining allocates nothing.
 */
const SPENT = new Uint8Array(0);

/** Shared by every queue that has not held a chunk yet (never written to). */
const NO_ITEMS: Uint8Array[] = [];

export class ChunkQueue {
  #items: Uint8Array[] = NO_ITEMS;
  #start = 0;
  #end = 0;

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
  }

  /** Puts `chunk` in the place of the newest chunk (`length > 0`). */
  replaceLast(chunk: Uint8Array): void {
    this.#items[this.#end - 1] = chunk;
  }

  /** Removes the first `n` chunks. */
  drop(n: number): void {
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
  }
}

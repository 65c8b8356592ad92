/**
 * Writes that go past an output port's buffer, straight to its sink: copied (the caller may
 * reuse its bytes once the write returns), lent (a large write: the sink takes a view of the
 * caller's bytes, and the write completes once it lets go of them), or given (bytes racket-net
 * made for the write, such as an encoded string, which the sink may keep as they are).
 */
import { keptCopy } from './bytes.js';
import { type OutputSink } from './output-sink.js';

export class DirectWriter {
  /** The bytes of the write in progress that are private (see `give`). */
  #given: Uint8Array | null = null;
  /** The sink holds bytes a write lent it (see `lendAt`): that write is not complete yet. */
  #lent = false;

  constructor(readonly sink: OutputSink) {}

  /** Writes `src[start…end)`, as much as the sink takes now; returns the count. */
  write(src: Uint8Array, start: number, end: number, mayLend: boolean): number {
    const sink = this.sink;
    const n = Math.min(sink.room(), end - start);
    if (n <= 0) return 0;
    const given = src === this.#given;
    if (given || (mayLend && sink.lendAt !== undefined && n >= sink.lendAt())) {
      sink.write(start === 0 && n === src.length ? src : src.subarray(start, start + n));
      if (!given) this.#lent = true;
    } else sink.write(keptCopy(src, start, start + n));
    return n;
  }

  /** Runs `write`, during which `bytes` count as given: the sink may keep them uncopied. */
  give<T>(bytes: Uint8Array, write: () => T): T {
    this.#given = bytes;
    try {
      return write();
    } finally {
      this.#given = null;
    }
  }

  /** Whether the sink has let go of lent bytes (or none were lent). */
  lentReturned(): boolean {
    if (this.#lent && this.sink.room() <= 0) return false;
    this.#lent = false;
    return true;
  }
}

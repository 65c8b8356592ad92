/**
 * Copying bytes, in the three ways racket-net needs: a copy a caller gets (always a plain
 * `Uint8Array`), a copy racket-net keeps (from Node's buffer pool when small), and a copy into
 * an existing array.
 */
import { Buffer } from 'node:buffer';

/**
 * A copy of `bytes[start…end)`, a plain `Uint8Array` whatever `bytes` is. Not `bytes.slice`:
 * on a Node `Buffer` that is a view sharing the memory, and a view of a reused buffer (a
 * socket's, a caller's) changes under its owner.
 */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const copy = new Uint8Array(end - start);
  copyInto(copy, 0, bytes, start, end - start);
  return copy;
}

/**
 * A copy of `bytes[start…end)` that racket-net keeps (a chunk an input port holds, bytes a sink
 * is given), never one a caller gets. Small ones come from Node's shared pool of buffers, with
 * no allocation of their own: allocating a fresh `ArrayBuffer` for every small write or read
 * costs more than the copy.
 */
export function keptCopy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (end - start >= Buffer.poolSize >>> 1) return copyBytes(bytes, start, end);
  const copy = Buffer.allocUnsafe(end - start);
  copyInto(copy, 0, bytes, start, end - start);
  return copy;
}

/** Below this many bytes a loop copies faster than a `subarray` and `set`. */
const SMALL_COPY = 64;

/** Copies `n` bytes of `src` from `srcStart` into `dest` at `destStart`. */
export function copyInto(
  dest: Uint8Array,
  destStart: number,
  src: Uint8Array,
  srcStart: number,
  n: number,
): void {
  if (n <= SMALL_COPY) for (let k = 0; k < n; k++) dest[destStart + k] = src[srcStart + k]!;
  else dest.set(src.subarray(srcStart, srcStart + n), destStart);
}

/**
 * The bytes a networking procedure sends or receives into: the range check every one of them
 * makes (Racket's `racket/src/io/network/check.rkt`), and the two copies a send needs.
 */
import { type ByteRange, checkBytesRange } from '../exn/raise.js';
import { copyBytes, keptCopy } from '../port/bytes.js';

export type { ByteRange };

/**
 * `bytes?`, then `start` (default 0) and `end` (default the length), worded as the networking
 * procedures word a bad range: the valid range of an end index starts at `start`
 * (`ending index is out of range … valid range: [start, length]`). Raises `ExnFailContract`.
 */
export function checkByteRange(
  who: string,
  bstr: unknown,
  start: unknown,
  end: unknown,
): ByteRange {
  return checkBytesRange(who, bstr, start, end, true);
}

/**
 * The bytes of `range` as they are now, for an operation that may take effect later: the
 * caller may change or reuse its buffer meanwhile. A plain `Uint8Array`, itself a whole range.
 */
export function bytesAsNow({ bstr, start, end }: ByteRange): ByteRange {
  const data = copyBytes(bstr, start, end);
  return { bstr: data, start: 0, end: data.length };
}

/**
 * A copy of `range` to hand to the system, which may hold it until the kernel takes it. Small
 * copies come from Node's shared pool (see `keptCopy`): never give one to a caller.
 */
export function copyForSystem({ bstr, start, end }: ByteRange): Uint8Array {
  return keptCopy(bstr, start, end);
}

/**
 * Finding where a line ends in an input port's buffered chunks, for `read-line` and its kin,
 * in each of Racket's line modes.
 */
import { Buffer } from 'node:buffer';
import { type ChunkQueue } from './chunk-queue.js';

/**
 * What ends a line for `readLine` and its kin (Racket's symbols as strings): `'linefeed'` (LF),
 * `'return'` (CR), `'return-linefeed'` (CR LF), `'any'` (CR LF, LF or CR) or `'any-one'` (LF or
 * CR, each on its own).
 */
export type LineMode = 'linefeed' | 'return' | 'return-linefeed' | 'any' | 'any-one';

const CR = 0x0d;
const LF = 0x0a;

/** `findLineEnd`'s answer when the buffer ends in a CR that may yet start a CRLF. */
export const CR_AT_END = -2;

/**
 * `Buffer`'s `indexOf` for any chunk: it searches with `memchr`, where `Uint8Array`'s own
 * goes byte by byte (30 times slower over a 64 KiB chunk).
 */
const indexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  byte: number,
  from: number,
) => number;

/**
 * Where the first line of `mode` ends in the unread bytes of `chunks`:
 * `4 × length + separator length`; -1 when they hold no separator; `CR_AT_END` when the last
 * byte is a CR that a following LF would make part of the separator (unless `ended`: then
 * nothing follows). Searches chunk by chunk with the native `indexOf`.
 */
export function findLineEnd(chunks: ChunkQueue, mode: LineMode, ended: boolean): number {
  const { head, size } = chunks;
  // The byte that can start a separator: LF alone for 'linefeed', CR for the CR modes.
  const lfEnds = mode === 'linefeed' || mode === 'any' || mode === 'any-one';
  const crEnds = mode !== 'linefeed';
  const target = lfEnds && !crEnds ? LF : !lfEnds ? CR : -1;
  let before = -head;
  for (let ci = 0; ci < chunks.length; ci++) {
    const chunk = chunks.at(ci);
    let i = ci === 0 ? head : 0;
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
        if (!ended) return CR_AT_END;
        return mode === 'any' ? at * 4 + 1 : -1;
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

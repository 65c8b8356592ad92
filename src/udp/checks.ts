/** Argument checks shared by the UDP procedures, with Racket's contract names and order. */
import {
  check,
  checkBytesRange as checkBytesRangeIn,
  isListenPortNumber,
  isPortNumber,
} from '../exn/raise.js';
import { isUdp, type Udp } from './socket.js';

export { isListenPortNumber, isPortNumber };

export function checkUdp(who: string, v: unknown): Udp {
  return check(who, isUdp, 'udp?', v);
}

/** `bstr[start..end)`, checked. */
export interface ByteRange {
  readonly bstr: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * `bytes?`, `start` and `end`, worded as UDP's messages word a bad range (`[start, length]`).
 * A whole byte string, the usual case, needs no range check (nor the tuple it returns).
 */
export function checkBytesRange(
  who: string,
  bstr: unknown,
  start: unknown,
  end: unknown,
): ByteRange {
  if (bstr instanceof Uint8Array && (start === 0 || start == null) && end == null) {
    return { bstr, start: 0, end: bstr.length };
  }
  const [bytes, s, e] = checkBytesRangeIn(who, bstr, start, end, true);
  return { bstr: bytes, start: s, end: e };
}

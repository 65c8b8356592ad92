/** Argument checks shared by the UDP procedures, with Racket's contract names and order. */
import {
  type ByteRange,
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

export type { ByteRange };

/** `bytes?`, `start` and `end`, worded as UDP's messages word a bad range (`[start, length]`). */
export function checkBytesRange(
  who: string,
  bstr: unknown,
  start: unknown,
  end: unknown,
): ByteRange {
  return checkBytesRangeIn(who, bstr, start, end, true);
}

/** Argument checks shared by the UDP procedures, with Racket's contract names and order. */
import { check, checkRange, isBytes } from '../exn/raise.js';
import { isListenPortNumber, isPortNumber } from '../tcp/port-number.js';
import { isUdp, type Udp } from './socket.js';

export { isListenPortNumber, isPortNumber };

export function checkUdp(who: string, v: unknown): Udp {
  return check(who, isUdp, 'udp?', v);
}

/**
 * `bytes?`, then `start` (default 0) and `end` (default the length) as UDP's messages word a
 * bad range: an end index below `start` is "out of range", with `[start, length]` as the range.
 */
export function checkBytesRange(
  who: string,
  bstr: unknown,
  start: unknown,
  end: unknown,
): [Uint8Array, number, number] {
  const bytes = check(who, isBytes, 'bytes?', bstr);
  const [s, e] = checkRange(who, bytes, start ?? 0, end ?? bytes.length, true);
  return [bytes, s, e];
}

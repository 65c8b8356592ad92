/** Argument checks shared by the TLS procedures (Racket's contracts in `mzssl.rkt`). */
import { check } from '../exn/raise.js';

/** Racket's `alpn-protocol-bytes/c`: 1 to 255 bytes. */
export const isAlpnProtocol = (v: unknown): v is Uint8Array =>
  v instanceof Uint8Array && v.length > 0 && v.length < 256;

const isAlpnList = (v: unknown): v is readonly Uint8Array[] =>
  Array.isArray(v) && v.every(isAlpnProtocol);

/** Checks `(listof alpn-protocol-bytes/c)` (`undefined` = the empty list). */
export function checkAlpn(who: string, v: unknown): readonly Uint8Array[] {
  if (v === undefined) return [];
  return check(who, isAlpnList, '(listof alpn-protocol-bytes/c)', v);
}

/** The options object itself: `undefined` or an object. */
export function optionsOf<T extends object>(who: string, v: unknown): Partial<T> {
  if (v === undefined || v === null) return {};
  return check(who, (x): x is T => typeof x === 'object' && x !== null, 'object?', v);
}

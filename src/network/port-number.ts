/**
 * Port numbers, as Racket's `racket/src/io/network/port-number.rkt` defines them, and the
 * contract checks of the networking procedures that take one.
 */
import { check, isExactNonnegativeInteger } from '../exn/raise.js';

/** Racket's `port-number?`: 1…65535. */
export const isPortNumber = (v: unknown): v is number =>
  isExactNonnegativeInteger(v) && v >= 1 && v <= 65535;

/** Racket's `listen-port-number?`: 0…65535 (0 asks for an ephemeral port). */
export const isListenPortNumber = (v: unknown): v is number =>
  isExactNonnegativeInteger(v) && v <= 65535;

/** `(or/c port-number? #f)`. */
export const isPortNumberOrFalse = (v: unknown): v is number | false =>
  v === false || isPortNumber(v);

/** Checks `port-number?`; raises `ExnFailContract` (`expected: port-number?`). */
export function checkPortNumber(who: string, v: unknown): number {
  return check(who, isPortNumber, 'port-number?', v);
}

/** Checks `listen-port-number?`; raises `ExnFailContract` (`expected: listen-port-number?`). */
export function checkListenPortNumber(who: string, v: unknown): number {
  return check(who, isListenPortNumber, 'listen-port-number?', v);
}

/** Checks `(or/c port-number? #f)`; raises `ExnFailContract`. */
export function checkPortNumberOrFalse(who: string, v: unknown): number | false {
  return check(who, isPortNumberOrFalse, '(or/c port-number? #f)', v);
}

/** Racket's `port-number?` (1…65535) and `listen-port-number?` (0…65535, 0: ephemeral). */
import { isExactNonnegativeInteger } from '../exn/raise.js';

export const isPortNumber = (v: unknown): v is number =>
  isExactNonnegativeInteger(v) && v >= 1 && v <= 65535;

export const isListenPortNumber = (v: unknown): v is number =>
  isExactNonnegativeInteger(v) && v <= 65535;

/** Argument checks shared by the port functions (one place, Racket's contract names). */
import {
  argumentsError,
  check,
  checkNonnegativeInteger,
  checkRange,
  contractError,
} from '../exn/raise.js';
import { type Evt } from '../evt/evt.js';
import { formatValue } from '../exn/print.js';
import { type InputPort, isInputPort, type LineMode } from './input-port.js';
import { isProgressEvt, type ProgressEvt } from './progress.js';
import { isOutputPort, type OutputPort } from './output-port.js';

export const checkInputPort = (who: string, v: unknown): InputPort =>
  check(who, isInputPort, 'input-port?', v);
export const checkOutputPort = (who: string, v: unknown): OutputPort =>
  check(who, isOutputPort, 'output-port?', v);

export { checkBytesRange } from '../exn/raise.js';

export const checkAmount = (who: string, amt: unknown): number => checkNonnegativeInteger(who, amt);

const LINE_MODES: readonly string[] = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];

export function checkLineMode(who: string, mode: unknown): LineMode {
  if (mode == null) return 'linefeed';
  if (typeof mode !== 'string' || !LINE_MODES.includes(mode)) {
    throw contractError(who, "(or/c 'linefeed 'return 'return-linefeed 'any 'any-one)", mode);
  }
  return mode as LineMode;
}

/** A peek's `progress` argument: a progress event, or `false` (`null`, nothing) for none. */
export function checkProgressArg(who: string, progress: unknown): ProgressEvt | false {
  if (progress == null || progress === false) return false;
  if (!isProgressEvt(progress)) throw contractError(who, '(or/c #f progress-evt?)', progress);
  return progress;
}

/**
 * The port's own event inside `progress` (what its peeks and commits test), or `null` for no
 * progress event; raises if `progress` is another port's (Racket's check, after the contracts).
 */
export function progressFor(
  who: string,
  progress: ProgressEvt | false,
  port: InputPort,
): Evt | null {
  if (progress === false) return null;
  if (progress.port !== port) {
    throw argumentsError(who, 'evt is not a progress evt for the given port', [
      ['evt', formatValue(progress)],
      ['port', formatValue(port)],
    ]);
  }
  return progress.inner;
}

/**
 * A mutable string, as `read-string!` fills it: an array of one-character strings (JavaScript
 * strings are immutable). `expected` is Racket's wording for the function.
 */
export function checkCharArray(who: string, v: unknown, expected: string): string[] {
  if (!Array.isArray(v) || !v.every((c) => typeof c === 'string')) {
    throw contractError(who, expected, v);
  }
  return v as string[];
}

/** `[start, end)` within `chars`, checked as Racket checks a string range. */
export function checkCharsRange(
  who: string,
  chars: string[],
  start: unknown,
  end: unknown,
): [number, number] {
  const s = checkNonnegativeInteger(who, start ?? 0);
  const e = checkNonnegativeInteger(who, end ?? chars.length);
  if (s <= e && e <= chars.length) return [s, e];
  // The message shows the string, as Racket's does (`checkRange` raises it).
  checkRange(who, chars.join(''), s, e);
  throw argumentsError(who, 'index is out of range', [['valid range', `[0, ${chars.length}]`]]);
}

/** A byte string the function fills (`racket/port`'s evts say `mutable-bytes?`). */
export const checkMutableBytes = (who: string, v: unknown): Uint8Array =>
  check(who, (x: unknown): x is Uint8Array => x instanceof Uint8Array, 'mutable-bytes?', v);

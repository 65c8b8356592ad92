/**
 * The one place racket-net builds Racket-style error messages and checks arguments.
 *
 * Message shape: `who: what` followed by `\n  field: value` lines, as Racket's
 * `raise-arguments-error` and friends print them. Every contract check runs before the
 * operation changes anything, so a rejected call leaves no trace.
 */
import {
  type ErrnoKind,
  ExnFail,
  ExnFailContract,
  ExnFailNetwork,
  ExnFailNetworkErrno,
} from './exn.js';
import { formatValue } from './print.js';

/** A message field: `[label, text]`; the text is printed as is (use `formatValue` for values). */
export type Field = readonly [label: string, text: string];

export function makeMessage(
  who: string | false,
  what: string,
  fields: readonly Field[] = [],
): string {
  let message = who === false ? what : `${who}: ${what}`;
  for (const [label, text] of fields) message += `\n  ${label}: ${text}`;
  return message;
}

/** `who: contract violation\n  expected: …\n  given: …` as `raise-argument-error` prints it. */
export function contractError(who: string, expected: string, given: unknown): ExnFailContract {
  return new ExnFailContract(
    makeMessage(who, 'contract violation', [
      ['expected', expected],
      ['given', formatValue(given)],
    ]),
  );
}

export function argumentsError(
  who: string,
  what: string,
  fields: readonly Field[] = [],
): ExnFailContract {
  return new ExnFailContract(makeMessage(who, what, fields));
}

export function failError(
  who: string | false,
  what: string,
  fields: readonly Field[] = [],
): ExnFail {
  return new ExnFail(makeMessage(who, what, fields));
}

export function networkError(
  who: string | false,
  what: string,
  fields: readonly Field[] = [],
): ExnFailNetwork {
  return new ExnFailNetwork(makeMessage(who, what, fields));
}

/** The `system error: …; errno=N` line Racket adds to a failed system call's message. */
export function systemErrorField(text: string, code: number, kind: ErrnoKind): Field {
  return ['system error', `${text}; ${kind === 'gai' ? 'gai_err' : 'errno'}=${code}`];
}

export function networkErrnoError(
  who: string | false,
  what: string,
  fields: readonly Field[],
  errno: { text: string; code: number; kind: ErrnoKind },
): ExnFailNetworkErrno {
  return new ExnFailNetworkErrno(
    makeMessage(who, what, [...fields, systemErrorField(errno.text, errno.code, errno.kind)]),
    [errno.code, errno.kind],
  );
}

// ---------------------------------------------------------------------------------------------
// Contract checks. Each returns the checked value (narrowed) or throws `ExnFailContract`.

export function check<T>(who: string, ok: (v: unknown) => v is T, expected: string, v: unknown): T;
export function check(
  who: string,
  ok: (v: unknown) => boolean,
  expected: string,
  v: unknown,
): unknown;
export function check(
  who: string,
  ok: (v: unknown) => boolean,
  expected: string,
  v: unknown,
): unknown {
  if (!ok(v)) throw contractError(who, expected, v);
  return v;
}

export const isExactNonnegativeInteger = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
export const isExactPositiveInteger = (v: unknown): v is number =>
  isExactNonnegativeInteger(v) && v > 0;
export const isByte = (v: unknown): v is number => isExactNonnegativeInteger(v) && v <= 255;
export const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isStringOrFalse = (v: unknown): v is string | false =>
  typeof v === 'string' || v === false;
export const isRealNonnegative = (v: unknown): v is number =>
  typeof v === 'number' && !Number.isNaN(v) && v >= 0;
export const isProcedure = (v: unknown): v is (...args: never[]) => unknown =>
  typeof v === 'function';
/** Whether `v` has a `then` method (a promise, or any thenable `await` would wait for). */
export const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function';

/** Racket's `#f` for an optional argument: `false`, `null` or `undefined` (all read as `false`). */
export const orFalse = <T>(v: T | null | undefined | false): T | false => (v == null ? false : v);

export function checkNonnegativeInteger(who: string, v: unknown): number {
  return check(who, isExactNonnegativeInteger, 'exact-nonnegative-integer?', v);
}

/**
 * Checks `start`/`end` against a sequence of `length`, with Racket's range messages.
 * `endFromStart`: the `valid range` of an end index starts at `start` (UDP's wording)
 * instead of 0 (the port functions' wording).
 */
export function checkRange(
  who: string,
  seq: Uint8Array | string,
  start: unknown,
  end: unknown,
  endFromStart = false,
): [number, number] {
  const s = checkNonnegativeInteger(who, start);
  const e = checkNonnegativeInteger(who, end);
  const length = seq.length;
  if (s <= e && e <= length) return [s, e];
  const fields = (label: string, index: number, lo: number): Field[] => [
    [label, String(index)],
    ['valid range', `[${lo}, ${length}]`],
    ['byte string', formatValue(seq)],
  ];
  if (s > length) {
    throw argumentsError(who, 'starting index is out of range', fields('starting index', s, 0));
  }
  if (e > length || (endFromStart && e < s)) {
    throw argumentsError(
      who,
      'ending index is out of range',
      fields('ending index', e, endFromStart ? s : 0),
    );
  }
  if (e < s) {
    const [endField, ...rest] = fields('ending index', e, 0);
    throw argumentsError(who, 'ending index is smaller than starting index', [
      endField!,
      ['starting index', String(s)],
      ...rest,
    ]);
  }
  return [s, e];
}

/** `bstr[start..end)`, checked. */
export interface ByteRange {
  readonly bstr: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * `bytes?`, then `start` (default 0) and `end` (default the length) checked by `checkRange`;
 * `endFromStart` gives UDP's wording of a bad end index. An object, not a tuple: taking a tuple
 * apart runs the iterator protocol until V8 has optimized the caller, and every read and write
 * calls this.
 */
export function checkBytesRange(
  who: string,
  bstr: unknown,
  start: unknown,
  end: unknown,
  endFromStart = false,
): ByteRange {
  const bytes = check(who, isBytes, 'bytes?', bstr);
  // The whole byte string, the usual case, needs no range check.
  if ((start == null || start === 0) && end == null) {
    return { bstr: bytes, start: 0, end: bytes.length };
  }
  const [s, e] = checkRange(who, bytes, start ?? 0, end ?? bytes.length, endFromStart);
  return { bstr: bytes, start: s, end: e };
}

/**
 * Runs `op` as the body of a public function that returns a promise: an error it throws (a bad
 * argument, a closed port) becomes a rejection, as from an `async` function, and a promise it
 * returns is passed on as it is, without the extra turns an `async` wrapper would add.
 */
export function asPromise<T>(op: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `asPromise` for the operations a server runs per request: `op` is a plain function of the
 * arguments, not a closure over them, so an operation that completes at once allocates nothing
 * but its promise (a closure and its context cost about 100 bytes a call).
 */
export function promiseOf<A, B, C, D, T>(
  op: (a: A, b: B, c: C, d: D) => T | Promise<T>,
  a: A,
  b?: B,
  c?: C,
  d?: D,
): Promise<T> {
  try {
    return Promise.resolve(op(a, b as B, c as C, d as D));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A fulfilled promise of nothing, shared: for operations that finish without waiting. */
export const DONE: Promise<void> = Promise.resolve();

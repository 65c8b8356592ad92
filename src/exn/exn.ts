/**
 * Racket's exception hierarchy (`exn`, `exn:fail`, `exn:fail:contract`, `exn:fail:network`,
 * `exn:fail:network:errno`, `exn:break` and its two kinds) as JavaScript classes.
 *
 * Every error racket-net raises is one of these, so a caller can tell a bad argument
 * (`ExnFailContract`) from a network failure (`ExnFailNetwork`) with `instanceof` or the
 * `is…` predicates, whatever layer raised it.
 */

/**
 * Racket's `exn`: the base of every exception racket-net raises. `message` is Racket's message
 * (`who: what`, then `\n  field: value` lines); `name` is the class name.
 */
export class Exn extends Error {
  constructor(message: string) {
    super(message);
    // `name` is stable and matches the class, so logs read like Racket's struct names.
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false });
  }
}

/** Racket's `exn:fail`: an operation failed (a closed port, a shut-down custodian, …). */
export class ExnFail extends Exn {}
/**
 * Racket's `exn:fail:contract`: a bad argument (`who: contract violation\n  expected: …\n
 * given: …`). Raised before the operation changes anything.
 */
export class ExnFailContract extends ExnFail {}
/** Racket's `exn:fail:network`: a network operation failed (a closed listener, a bad address). */
export class ExnFailNetwork extends ExnFail {}
/**
 * Racket's `exn:fail:unsupported`: the operation is not supported here (e.g. an SSL protocol
 * such as `'sslv3`, or TLS renegotiation), as opposed to having failed.
 */
export class ExnFailUnsupported extends ExnFail {}

/**
 * Where an {@link ExnFailNetworkErrno}'s code comes from: `'posix'` for a system errno
 * (`ECONNREFUSED` is 111 on Linux), `'gai'` for a name-resolution (`getaddrinfo`) error.
 */
export type ErrnoKind = 'posix' | 'gai';

/**
 * Racket's `exn:fail:network:errno`: a network operation failed with a system error, e.g.
 * `tcp-connect: connection failed\n  …\n  system error: Connection refused; errno=111`.
 */
export class ExnFailNetworkErrno extends ExnFailNetwork {
  /** `[code, kind]`, as Racket's `(cons code kind)`: e.g. `[111, 'posix']`, `[-2, 'gai']`. */
  readonly errno: [number, ErrnoKind];
  constructor(message: string, errno: [number, ErrnoKind]) {
    super(message);
    this.errno = errno;
  }
}

/**
 * Racket's `exn:break`: the thread was broken (`breakThread`, `breakOnAbort`) while it waited
 * with breaks enabled. The operation it interrupted did nothing. Message: `user break`.
 */
export class ExnBreak extends Exn {}
/** Racket's `exn:break:hang-up`: raised for `breakThread(t, 'hang-up')`. */
export class ExnBreakHangUp extends ExnBreak {}
/** Racket's `exn:break:terminate`: raised for `breakThread(t, 'terminate')`. */
export class ExnBreakTerminate extends ExnBreak {}

/**
 * The kind of a break (`breakThread`'s second argument): `false` for a plain break
 * ({@link ExnBreak}), `'hang-up'` ({@link ExnBreakHangUp}), `'terminate'`
 * ({@link ExnBreakTerminate}).
 */
export type BreakKind = false | 'hang-up' | 'terminate';

/** The break exception Racket raises for each kind given to `break-thread` (all say "user break"). */
export function makeBreakExn(kind: BreakKind): ExnBreak {
  if (kind === 'hang-up') return new ExnBreakHangUp('user break');
  if (kind === 'terminate') return new ExnBreakTerminate('user break');
  return new ExnBreak('user break');
}

/** Whether `v` is an {@link Exn} (Racket: `exn?`). Never raises. */
export const isExn = (v: unknown): v is Exn => v instanceof Exn;
/** Whether `v` is an {@link ExnFail} (Racket: `exn:fail?`). Never raises. */
export const isExnFail = (v: unknown): v is ExnFail => v instanceof ExnFail;
/** Whether `v` is an {@link ExnFailContract} (Racket: `exn:fail:contract?`). Never raises. */
export const isExnFailContract = (v: unknown): v is ExnFailContract => v instanceof ExnFailContract;
/** Whether `v` is an {@link ExnFailNetwork} (Racket: `exn:fail:network?`). Never raises. */
export const isExnFailNetwork = (v: unknown): v is ExnFailNetwork => v instanceof ExnFailNetwork;
/** Whether `v` is an {@link ExnFailUnsupported} (Racket: `exn:fail:unsupported?`). Never raises. */
export const isExnFailUnsupported = (v: unknown): v is ExnFailUnsupported =>
  v instanceof ExnFailUnsupported;
/** Whether `v` is an {@link ExnFailNetworkErrno} (Racket: `exn:fail:network:errno?`). */
export const isExnFailNetworkErrno = (v: unknown): v is ExnFailNetworkErrno =>
  v instanceof ExnFailNetworkErrno;
/** Whether `v` is an {@link ExnBreak}, of any kind (Racket: `exn:break?`). Never raises. */
export const isExnBreak = (v: unknown): v is ExnBreak => v instanceof ExnBreak;

/**
 * Racket's exception hierarchy (`exn`, `exn:fail`, `exn:fail:contract`, `exn:fail:network`,
 * `exn:fail:network:errno`, `exn:break` and its two kinds) as JavaScript classes.
 *
 * Every error racket-net raises is one of these, so a caller can tell a bad argument
 * (`ExnFailContract`) from a network failure (`ExnFailNetwork`) with `instanceof` or the
 * `is…` predicates, whatever layer raised it.
 */

export class Exn extends Error {
  constructor(message: string) {
    super(message);
    // `name` is stable and matches the class, so logs read like Racket's struct names.
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false });
  }
}

export class ExnFail extends Exn {}
export class ExnFailContract extends ExnFail {}
export class ExnFailNetwork extends ExnFail {}

/** `errno` is `[code, kind]`, as Racket's `(cons code kind)`. */
export type ErrnoKind = 'posix' | 'gai';

export class ExnFailNetworkErrno extends ExnFailNetwork {
  readonly errno: [number, ErrnoKind];
  constructor(message: string, errno: [number, ErrnoKind]) {
    super(message);
    this.errno = errno;
  }
}

export class ExnBreak extends Exn {}
export class ExnBreakHangUp extends ExnBreak {}
export class ExnBreakTerminate extends ExnBreak {}

export type BreakKind = false | 'hang-up' | 'terminate';

/** The break exception Racket raises for each kind given to `break-thread` (all say "user break"). */
export function makeBreakExn(kind: BreakKind): ExnBreak {
  if (kind === 'hang-up') return new ExnBreakHangUp('user break');
  if (kind === 'terminate') return new ExnBreakTerminate('user break');
  return new ExnBreak('user break');
}

export const isExn = (v: unknown): v is Exn => v instanceof Exn;
export const isExnFail = (v: unknown): v is ExnFail => v instanceof ExnFail;
export const isExnFailContract = (v: unknown): v is ExnFailContract => v instanceof ExnFailContract;
export const isExnFailNetwork = (v: unknown): v is ExnFailNetwork => v instanceof ExnFailNetwork;
export const isExnFailNetworkErrno = (v: unknown): v is ExnFailNetworkErrno =>
  v instanceof ExnFailNetworkErrno;
export const isExnBreak = (v: unknown): v is ExnBreak => v instanceof ExnBreak;

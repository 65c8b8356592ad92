/**
 * The event behind every blocking port operation: its poll is one synchronous attempt
 * (commit or NOT_READY), and it wakes when the port's state changes.
 */
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  type WaiterSet,
} from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { racketPrint } from '../exn/print.js';
import { watchAll } from './progress.js';

export interface Watchable {
  watch(waiter: Waiter): Unwatch;
  /** The set `watch` adds to, if that is all it does (see `PrimitiveEvt.waiterSet`). */
  waiterSet?(): WaiterSet | null;
}

export class AttemptEvt<
  T,
  P extends Watchable = Watchable,
  A = unknown,
  B = unknown,
> extends PrimitiveEvt<T> {
  constructor(
    readonly port: P,
    /** One try, of the port and the two arguments kept here (a closure may ignore them). */
    readonly attempt: Attempt<P, A, B, T>,
    readonly a?: A,
    readonly b?: B,
  ) {
    super();
  }
  poll(): T | NotReady {
    return this.attempt(this.port, this.a as A, this.b as B);
  }
  watch(waiter: Waiter): Unwatch {
    return this.port.watch(waiter);
  }
  override waiterSet(): WaiterSet | null {
    return this.port.waiterSet?.() ?? null;
  }
  [racketPrint](): string {
    return '#<evt>';
  }
}

/**
 * A peek given a progress event (`peekBytesAvail(…, progress, …)`): it also wakes when the
 * progress event becomes ready (another reader took bytes), which the port alone does not
 * signal, so the peek can answer 0.
 */
export class ProgressAttemptEvt<T, P extends Watchable, A, B> extends AttemptEvt<T, P, A, B> {
  constructor(
    port: P,
    attempt: Attempt<P, A, B, T>,
    a: A,
    b: B,
    readonly progress: Evt,
  ) {
    super(port, attempt, a, b);
  }
  override watch(waiter: Waiter): Unwatch {
    const unwatchPort = this.port.watch(waiter);
    const unwatchProgress = watchAll(this.progress, waiter);
    return () => {
      unwatchPort();
      unwatchProgress();
    };
  }
  override waiterSet(): WaiterSet | null {
    return null;
  }
}

/** `attemptOrWait`, also woken by `progress` (see `ProgressAttemptEvt`). */
export function attemptOrWaitProgress<P extends Watchable, A, B, T>(
  port: P,
  attempt: Attempt<P, A, B, T>,
  a: A,
  b: B,
  progress: Evt,
): T | Promise<T> {
  const result = attempt(port, a, b);
  if (result !== NOT_READY) return result;
  return syncPrimitive(false, new ProgressAttemptEvt(port, attempt, a, b, progress), true);
}

/**
 * One try of a port operation: a plain function of the port and two arguments (commit or
 * NOT_READY). Named functions, not closures, so an operation that succeeds at once makes none.
 */
export type Attempt<P, A, B, T> = (port: P, a: A, b: B) => T | NotReady;

/** Tries `attempt(port, a, b)` now; if it is not ready, waits for it as a (breakable) `sync`. */
export function attemptOrWait<P extends Watchable, A, B, T>(
  port: P,
  enableBreak: boolean,
  attempt: Attempt<P, A, B, T>,
  a: A,
  b: B,
): T | Promise<T> {
  const result = attempt(port, a, b);
  if (result !== NOT_READY) return result;
  // The event keeps the attempt's arguments, not a closure over them.
  return syncPrimitive(enableBreak, new AttemptEvt(port, attempt, a, b), true);
}

/** `f` applied to a result that may still be coming (without a promise turn when it is there). */
export function mapResult<T, R>(result: T | Promise<T>, f: (value: T) => R): R | Promise<R> {
  return result instanceof Promise ? result.then(f) : f(result);
}

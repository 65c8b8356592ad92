/**
 * The event behind every blocking port operation: its poll is one synchronous attempt
 * (commit or NOT_READY), and it wakes when the port's state changes.
 */
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  type WaiterSet,
} from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { racketPrint } from '../exn/print.js';

export interface Watchable {
  watch(waiter: Waiter): Unwatch;
  /** The set `watch` adds to, if that is all it does (see `PrimitiveEvt.waiterSet`). */
  waiterSet?(): WaiterSet | null;
}

export class AttemptEvt<T> extends PrimitiveEvt<T> {
  constructor(
    readonly port: Watchable,
    readonly attempt: () => T | NotReady,
  ) {
    super();
  }
  poll(): T | NotReady {
    return this.attempt();
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
 * Tries `attempt` now; if it is not ready, waits for it as a `sync` (breakable, killable).
 * `who` names the operation (the wait itself raises no contract errors).
 */
export function attemptOrWait<T>(
  who: string,
  port: Watchable,
  enableBreak: boolean,
  attempt: () => T | NotReady,
): T | Promise<T> {
  const result = attempt();
  if (result !== NOT_READY) return result;
  return syncPrimitive(enableBreak, new AttemptEvt(port, attempt), true);
}

/** `f` applied to a result that may still be coming (without a promise turn when it is there). */
export function mapResult<T, R>(result: T | Promise<T>, f: (value: T) => R): R | Promise<R> {
  return result instanceof Promise ? result.then(f) : f(result);
}

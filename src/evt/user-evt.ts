/**
 * User-defined events, Racket's `prop:evt`: a class of the user's own whose instances `sync`
 * accepts. Two ways, both on the event protocol `sync` already uses:
 *   - `PropEvt`: the instance stands for another event, asked for at each `sync` (a guard);
 *   - `CustomEvt`: the instance is a primitive event with its own `poll` and `watch`.
 */
import { racketPrint } from '../exn/print.js';
import {
  type Evt,
  GuardEvt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
} from './evt.js';

/**
 * What {@link CustomEvt.poll} returns when its event is not ready (racket-net's own; Racket's
 * primitive events have no public protocol).
 */
export const notReady: NotReady = NOT_READY;

const notYet = (): never => {
  throw new Error('PropEvt: used before its constructor ended');
};

/**
 * The base of a user's own class whose instances are events because each stands for another
 * event (Racket: a structure type with `prop:evt`). Extend it and implement {@link PropEvt.evt}:
 * every `sync` (and `syncTimeout`, `wrapEvt`, `choiceEvt`, …) that is given an instance calls it
 * once, and waits for the event it returns, with that event's result; like `prop:evt`'s
 * procedure, a result that is not an event stands for an event ready at once whose result is
 * the instance itself.
 *
 * @example
 * ```ts
 * class Mailbox<T> extends PropEvt<T> {
 *   readonly ch = makeChannel<T>();
 *   evt(): Evt<T> {
 *     return this.ch; // sync(box) waits for a put, as sync(box.ch) would
 *   }
 * }
 * ```
 */
export abstract class PropEvt<T = unknown> extends GuardEvt<T> {
  constructor() {
    super(notYet);
    // A non-event result is handled as a guard's is: ready at once, with `this` as result.
    (this as { thunk: () => Evt<T> }).thunk = () => this.evt() as Evt<T>;
  }

  /**
   * The event this instance stands for, asked for once by each `sync` that is given it, in the
   * syncing thread. What it raises, the `sync` raises.
   */
  abstract evt(): Evt<T> | unknown;

  /** @internal */
  [racketPrint](): string {
    return `#<${this.constructor.name}>`;
  }
}

/**
 * The base of a user's own class whose instances are primitive events, with their own way of
 * being ready (Racket's structures with `prop:evt` reach this only through other events; this
 * is racket-net's protocol, the one its ports and semaphores implement). Implement:
 *   - {@link CustomEvt.poll}: synchronous; either returns {@link notReady}, changing nothing, or
 *     takes effect (takes the item, consumes the bytes) and returns the result, in one step.
 *     `sync` polls only until one event is chosen, so only the chosen one takes effect. It may
 *     raise: the event is then chosen and the `sync` raises that.
 *   - {@link CustomEvt.watchReady}: remember `wake` and call it whenever the event may have become
 *     ready (calling it when nothing changed is harmless: the sync polls again); return a function
 *     that forgets it.
 *
 * @example
 * ```ts
 * class Flag extends CustomEvt<string> {
 *   #set = false;
 *   #wakes = new Set<() => void>();
 *   set(): void {
 *     this.#set = true;
 *     for (const wake of this.#wakes) wake();
 *   }
 *   poll(): string | typeof notReady {
 *     return this.#set ? 'set' : notReady;
 *   }
 *   watchReady(wake: () => void): () => void {
 *     this.#wakes.add(wake);
 *     return () => this.#wakes.delete(wake);
 *   }
 * }
 * ```
 */
export abstract class CustomEvt<T = unknown> extends PrimitiveEvt<T> {
  /**
   * Returns {@link notReady}, or takes effect and returns the result (synchronously).
   */
  abstract override poll(): T | NotReady;

  /**
   * Calls `wake` whenever the event may have become ready, until the returned function is called.
   */
  abstract watchReady(wake: () => void): () => void;

  /** @internal The protocol `sync` uses: a waiter is woken through `watchReady`. */
  watch(waiter: Waiter): Unwatch {
    const unwatch = this.watchReady(() => waiter.wake());
    if (typeof unwatch !== 'function') return () => {};
    return () => {
      unwatch();
    };
  }

  /** @internal */
  [racketPrint](): string {
    return `#<${this.constructor.name}>`;
  }
}

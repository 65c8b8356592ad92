/**
 * A one-shot event for a Node callback (a name lookup, a connect attempt, a listen, a send's
 * report): not ready until `settle` is called, then ready forever with that outcome. Waiting for
 * Node through a `sync` on this event is what lets breaks, kills and custodian shutdowns end the
 * wait; a subclass that holds something for the outcome releases it in `abandoned`.
 */
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { racketPrint } from '../exn/print.js';

/** What a Node callback reported: a value, or an error (`E`: its type, once normalized). */
export type Outcome<T, E = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** See the top of this file. Printed as Racket prints an anonymous event, `#<evt>`. */
export class OutcomeEvt<T, E = unknown> extends PrimitiveEvt<Outcome<T, E>> {
  #outcome: Outcome<T, E> | null = null;
  readonly #waiters = new WaiterSet();
  #taken = false;

  /** Whether the outcome is known. */
  get isSettled(): boolean {
    return this.#outcome !== null;
  }

  /** The outcome, or `null` while it is not known. */
  get outcome(): Outcome<T, E> | null {
    return this.#outcome;
  }

  /** The first outcome wins; later ones are ignored. Waiting syncs poll again soon. */
  settle(outcome: Outcome<T, E>): void {
    if (this.#outcome !== null) return;
    this.#outcome = outcome;
    this.#waiters.wakeAll();
  }

  /**
   * Like `settle`, but a waiting sync takes the outcome now rather than in a microtask: for
   * Node callbacks, at the top of the stack (never from inside a poll).
   */
  settleNow(outcome: Outcome<T, E>): void {
    if (this.#outcome !== null) return;
    this.#outcome = outcome;
    this.#waiters.pollAll();
  }

  poll(): Outcome<T, E> | NotReady {
    if (this.#outcome === null) return NOT_READY;
    this.#taken = true;
    return this.#outcome;
  }

  watch(waiter: Waiter): Unwatch {
    const unwatch = this.#waiters.add(waiter);
    return () => {
      unwatch();
      // A sync that stops watching without taking the outcome was broken or killed: the
      // owner releases what it holds (a connecting socket must not outlive the wait).
      if (!this.#taken && this.#waiters.size === 0) this.abandoned();
    };
  }

  /**
   * Every sync watching this event stopped before it was chosen (break, kill). A subclass that
   * holds something for the outcome (a connecting socket) releases it here.
   */
  protected abandoned(): void {}

  [racketPrint](): string {
    return '#<evt>';
  }
}

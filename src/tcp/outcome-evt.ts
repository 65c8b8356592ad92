/**
 * A one-shot event for a Node callback (a name lookup, a connect attempt): not ready until
 * `settle` is called, then ready forever with that outcome. Waiting for Node through a `sync`
 * on this event is what lets breaks, kills and custodian shutdowns end the wait.
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

export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export class OutcomeEvt<T> extends PrimitiveEvt<Outcome<T>> {
  #outcome: Outcome<T> | null = null;
  readonly #waiters = new WaiterSet();
  #taken = false;

  get isSettled(): boolean {
    return this.#outcome !== null;
  }

  /** The first outcome wins; later ones are ignored. */
  settle(outcome: Outcome<T>): void {
    if (this.#outcome !== null) return;
    this.#outcome = outcome;
    this.#waiters.wakeAll();
  }

  poll(): Outcome<T> | NotReady {
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

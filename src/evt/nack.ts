/** The event `nackGuardEvt` hands its procedure: ready for good once its branch was not chosen. */
import {
  noUnwatch,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from './evt.js';
import { racketPrint } from '../exn/print.js';

export class NackEvt extends PrimitiveEvt<undefined> {
  #fired = false;
  readonly #waiters = new WaiterSet();

  fire(): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#waiters.wakeAll();
  }

  poll(): undefined | NotReady {
    return this.#fired ? undefined : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#fired ? noUnwatch : this.#waiters.add(waiter);
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

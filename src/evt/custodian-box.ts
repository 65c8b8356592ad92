/**
 * Custodian boxes: a value kept until a custodian is shut down. In the evt layer, not the
 * custodian layer, because a box is an event.
 */
import {
  type Custodian,
  custodianShutDownError,
  isCustodian,
  type Managed,
} from '../custodian/custodian.js';
import { check } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from './evt.js';

/**
 * A custodian box, made by {@link makeCustodianBox}: it holds a value until its custodian is
 * shut down. It is also an event: ready once the custodian has been shut down, with the box
 * itself as its result.
 *
 * @opaque
 */
export class CustodianBox<T = unknown> extends PrimitiveEvt<CustodianBox<T>> {
  #value: T | false;
  #empty = false;
  readonly #waiters = new WaiterSet();

  constructor(value: T) {
    super();
    this.#value = value;
  }

  get value(): T | false {
    return this.#value;
  }

  custodianShutdown(): void {
    if (this.#empty) return;
    this.#empty = true;
    this.#value = false;
    this.#waiters.wakeAll();
  }

  poll(): CustodianBox<T> | NotReady {
    return this.#empty ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }

  [racketPrint](): string {
    return '#<custodian-box>';
  }
}

/** Whether `v` is a custodian box (Racket: `custodian-box?`). Never raises. */
export const isCustodianBox = (v: unknown): v is CustodianBox => v instanceof CustodianBox;

/**
 * A box holding `v` until `custodian` is shut down (Racket: `make-custodian-box`): then
 * {@link custodianBoxValue} gives `false` and the box, as an event, becomes ready. The custodian
 * holds the box weakly (a box nobody keeps is collected with its value), and the box lets go of
 * `v` at the shutdown. Boxes are not in {@link custodianManagedList}, as in Racket.
 *
 * @throws {@link ExnFailContract} if `custodian` is not a custodian, or has been shut down.
 * @example
 * ```ts
 * const session = makeCustodian();
 * const user = makeCustodianBox(session, { name: 'ann' });
 * custodianBoxValue(user); // { name: 'ann' }
 * custodianShutdownAll(session);
 * custodianBoxValue(user); // false
 * ```
 */
export function makeCustodianBox<T>(custodian: Custodian, v: T): CustodianBox<T> {
  check('make-custodian-box', isCustodian, 'custodian?', custodian);
  if (custodian.isShutDown) throw custodianShutDownError('make-custodian-box', custodian);
  const box = new CustodianBox(v);
  const entry = new BoxEntry(box, custodian);
  custodian.manage('make-custodian-box', entry);
  forgetBox.register(box, entry);
  return box;
}

/**
 * A box's entry in its custodian: it holds the box weakly, as Racket's custodian does, and
 * leaves the custodian when the box is collected.
 */
class BoxEntry implements Managed {
  readonly unlisted = true;
  readonly #box: WeakRef<CustodianBox>;
  constructor(
    box: CustodianBox,
    readonly custodian: Custodian,
  ) {
    this.#box = new WeakRef(box);
  }
  custodianShutdown(): void {
    this.#box.deref()?.custodianShutdown();
  }
}

const forgetBox = new FinalizationRegistry<BoxEntry>((entry) => entry.custodian.unmanage(entry));

/**
 * The value in `box`, or `false` once its custodian has been shut down (Racket:
 * `custodian-box-value`).
 *
 * @throws {@link ExnFailContract} if `box` is not a custodian box.
 */
export function custodianBoxValue<T>(box: CustodianBox<T>): T | false {
  return (check('custodian-box-value', isCustodianBox, 'custodian-box?', box) as CustodianBox<T>)
    .value;
}

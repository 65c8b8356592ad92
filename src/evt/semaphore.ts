/**
 * Semaphores. A post hands the unit straight to the longest-waiting sync (first come, first
 * served), so a waiter can never lose a post to a thread that arrives later.
 */
import { check, checkNonnegativeInteger } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from './evt.js';
import { syncEvts } from './sync.js';

export class Semaphore extends PrimitiveEvt<Semaphore> {
  #count: number;
  readonly #waiters = new WaiterSet();
  /** Syncs on `semaphorePeekEvt`: told when the count becomes positive, never given a unit. */
  readonly peekers = new WaiterSet();

  constructor(count: number) {
    super();
    this.#count = count;
  }

  get count(): number {
    return this.#count;
  }

  post(): void {
    if (this.#count === 0 && this.#waiters.completeFirst(this)) return;
    this.#count++;
    this.peekers.wakeAll();
  }

  poll(): Semaphore | NotReady {
    if (this.#count === 0) return NOT_READY;
    this.#count--;
    return this;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }

  [racketPrint](): string {
    return '#<semaphore>';
  }
}

class SemaphorePeekEvt extends PrimitiveEvt<SemaphorePeekEvt> {
  constructor(readonly semaphore: Semaphore) {
    super();
  }
  poll(): SemaphorePeekEvt | NotReady {
    return this.semaphore.count > 0 ? this : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return this.semaphore.peekers.add(waiter);
  }
  [racketPrint](): string {
    return '#<semaphore-peek-evt>';
  }
}

export const isSemaphore = (v: unknown): v is Semaphore => v instanceof Semaphore;

export function makeSemaphore(init: number = 0): Semaphore {
  return new Semaphore(checkNonnegativeInteger('make-semaphore', init));
}

export function semaphorePost(s: Semaphore): void {
  check('semaphore-post', isSemaphore, 'semaphore?', s).post();
}

export async function semaphoreWait(s: Semaphore): Promise<void> {
  check('semaphore-wait', isSemaphore, 'semaphore?', s);
  await syncEvts('semaphore-wait', false, false, [s]);
}

/** Ready when the semaphore's count is positive, without decrementing it; result is itself. */
export function semaphorePeekEvt(s: Semaphore): Evt<Evt> {
  return new SemaphorePeekEvt(check('semaphore-peek-evt', isSemaphore, 'semaphore?', s));
}

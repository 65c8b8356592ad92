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

/**
 * A Racket semaphore, made by {@link makeSemaphore}. It is also an event: ready when its count
 * is positive; choosing it decrements the count, and its result is the semaphore.
 *
 * @opaque
 */
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

/** Whether `v` is an event made by {@link semaphorePeekEvt} (Racket: `semaphore-peek-evt?`). Never raises. */
export const isSemaphorePeekEvt = (v: unknown): boolean => v instanceof SemaphorePeekEvt;

/** Whether `v` is a semaphore (Racket: `semaphore?`). Never raises. */
export const isSemaphore = (v: unknown): v is Semaphore => v instanceof Semaphore;

/**
 * A semaphore whose count starts at `init` (Racket: `make-semaphore`).
 *
 * @throws {@link ExnFailContract} if `init` is not a nonnegative integer.
 * @example
 * ```ts
 * const lock = makeSemaphore(1);
 * await semaphoreWait(lock);
 * try {
 *   await writeString('one writer at a time\n', output);
 * } finally {
 *   semaphorePost(lock);
 * }
 * ```
 */
export function makeSemaphore(init: number = 0): Semaphore {
  return new Semaphore(checkNonnegativeInteger('make-semaphore', init));
}

/**
 * Increments the count of `s`, or hands the unit straight to the thread that has waited longest
 * (Racket: `semaphore-post`): a waiter never loses a post to a thread that arrives later.
 *
 * @throws {@link ExnFailContract} if `s` is not a semaphore.
 */
export function semaphorePost(s: Semaphore): void {
  check('semaphore-post', isSemaphore, 'semaphore?', s).post();
}

/**
 * Waits until the count of `s` is positive, then decrements it (Racket: `semaphore-wait`); like
 * `sync(s)`.
 *
 * @throws {@link ExnFailContract} if `s` is not a semaphore.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled (the
 *   count is then left as it was).
 */
export async function semaphoreWait(s: Semaphore): Promise<void> {
  check('semaphore-wait', isSemaphore, 'semaphore?', s);
  await syncEvts('semaphore-wait', false, false, [s]);
}

/**
 * An event ready when the count of `s` is positive, without decrementing it; its result is the
 * event itself (Racket: `semaphore-peek-evt`).
 *
 * @throws {@link ExnFailContract} if `s` is not a semaphore.
 */
export function semaphorePeekEvt(s: Semaphore): Evt<Evt> {
  return new SemaphorePeekEvt(check('semaphore-peek-evt', isSemaphore, 'semaphore?', s));
}

/**
 * Decrements the count of `s` and returns `true` if it is positive; otherwise returns `false`
 * at once, changing nothing (Racket: `semaphore-try-wait?`; named without `is` because it acts:
 * see the naming rules). Never waits.
 *
 * @throws {@link ExnFailContract} if `s` is not a semaphore.
 */
export function semaphoreTryWait(s: Semaphore): boolean {
  return check('semaphore-try-wait?', isSemaphore, 'semaphore?', s).poll() !== NOT_READY;
}

/**
 * {@link semaphoreWait} with breaks enabled while it waits (Racket:
 * `semaphore-wait/enable-break`): it either decrements the count or raises the break, never both.
 *
 * @throws {@link ExnFailContract} if `s` is not a semaphore.
 * @throws {@link ExnBreak} if the thread is broken before the count is decremented.
 */
export async function semaphoreWaitEnableBreak(s: Semaphore): Promise<void> {
  check('semaphore-wait/enable-break', isSemaphore, 'semaphore?', s);
  await syncEvts('semaphore-wait/enable-break', false, true, [s]);
}

/**
 * The event protocol every synchronizable thing in racket-net implements.
 *
 * JavaScript runs one callback at a time, so "check and take" done synchronously is atomic.
 * A primitive event therefore offers two operations:
 *   - `poll(party)`: either NOT_READY, or it *commits* (takes the connection, consumes the bytes,
 *     decrements the semaphore) and returns the result, in one synchronous step. A poll may
 *     also throw: the event is then chosen, and `sync` raises that error.
 *   - `watch(waiter)`: asks to be told (`waiter.wake()`) when the event might have become ready;
 *     returns a function that cancels the watch. Spurious wakes are allowed.
 * Events that hand a value straight to a waiting sync (semaphore posts, channel rendezvous)
 * call `waiter.complete(value)` instead of waking, so no other party can take it in between.
 *
 * The combinators (choice, wrap, handle, guard, nack-guard, replace) are plain data that
 * `sync` flattens into primitive leaves.
 */

export const NOT_READY: unique symbol = Symbol('not-ready');
export type NotReady = typeof NOT_READY;

export type Unwatch = () => void;

/** The syncing side of one primitive event in one `sync`. */
export interface Waiter {
  /** Identifies the sync, so that a channel never rendezvouses a sync with itself. */
  readonly party: object;
  /** The event may have become ready: the sync polls it again soon. */
  wake(): void;
  /** Chooses this event, with `value` as its result, if the sync is still undecided. */
  complete(value: unknown): boolean;
  /** Like `wake`, but polls the event at once (see `WaiterSet.pollAll`). */
  pollNow?(): void;
}

/**
 * A synchronizable event (Racket: `evt?`): anything {@link sync} accepts. `T` is the result a
 * `sync` that chooses it returns. Ports, listeners, UDP sockets, threads, semaphores and
 * channels are events; so are those the `…Evt` functions make.
 *
 * @opaque
 */
export abstract class Evt<T = unknown> {
  /** Type-level only: the result type. */
  declare readonly resultType?: T;
}

export abstract class PrimitiveEvt<T> extends Evt<T> {
  /**
   * Internal to `sync`: this event as a leaf with no wraps or nacks, made once and shared.
   *
   * @internal
   */
  plainLeaf: object | null = null;
  abstract poll(party: object): T | NotReady;
  abstract watch(waiter: Waiter): Unwatch;
  /**
   * When all `watch` does is add the waiter to one `WaiterSet`, that set: `sync` then adds and
   * removes its waiter itself, with no unwatch closure (cheaper when it watches many events).
   * Only for sets whose waiters are only ever woken, never completed (`sync` reuses them), and
   * the same set every time.
   *
   * @internal
   */
  waiterSet(): WaiterSet | null {
    return null;
  }
}

export class ChoiceEvt<T> extends Evt<T> {
  constructor(readonly evts: readonly Evt<T>[]) {
    super();
  }
}

/** `wrapEvt` and `handleEvt`: `proc` maps the result once the event is chosen. */
export class WrapEvt<T, R> extends Evt<R> {
  constructor(
    readonly evt: Evt<T>,
    readonly proc: (v: T) => R,
    /** `handleEvt`: `proc` is called in tail position of the `sync` that chose the event. */
    readonly tail = false,
  ) {
    super();
  }
}

/** `guardEvt`: `thunk` makes the real event afresh at each `sync`. */
export class GuardEvt<T> extends Evt<T> {
  constructor(
    /** @internal */
    readonly thunk: () => Evt<T>,
  ) {
    super();
  }
}

/** `nackGuardEvt`: like a guard, also given an event that is ready if the result is not chosen. */
export class NackGuardEvt<T> extends Evt<T> {
  constructor(readonly proc: (nack: Evt<undefined>) => Evt<T>) {
    super();
  }
}

/** `replaceEvt`: once `evt` is ready, the event `proc` makes from its result takes its place. */
export class ReplaceEvt<T, R> extends Evt<R> {
  constructor(
    readonly evt: Evt<T>,
    readonly proc: (v: T) => Evt<R>,
  ) {
    super();
  }
}

/** Whether `v` is an event that `sync` accepts (Racket: `evt?`). Never raises. */
export const isEvt = (v: unknown): v is Evt => v instanceof Evt;

/** A primitive that is always or never ready needs no bookkeeping to watch. */
export const noUnwatch: Unwatch = () => {};

/**
 * A set of waiters to wake together: the usual way a primitive implements `watch`.
 * Iteration order is insertion order, so `first()` gives fair, first-come hand-off.
 * Most sets hold at most one waiter at a time (one reader of a port): that one lives in a field,
 * and a `Set` is made only while there are more (it keeps the order until it empties again).
 */
export class WaiterSet {
  #one: Waiter | null = null;
  #many: Set<Waiter> | null = null;

  add(waiter: Waiter): Unwatch {
    this.insert(waiter);
    return () => this.delete(waiter);
  }

  insert(waiter: Waiter): void {
    if (this.#many !== null) this.#many.add(waiter);
    else if (this.#one === null) this.#one = waiter;
    else if (this.#one !== waiter) {
      this.#many = new Set([this.#one, waiter]);
      this.#one = null;
    }
  }

  delete(waiter: Waiter): void {
    if (this.#one === waiter) this.#one = null;
    else if (this.#many !== null) {
      this.#many.delete(waiter);
      if (this.#many.size === 0) this.#many = null;
    }
  }

  get size(): number {
    return this.#many !== null ? this.#many.size : this.#one !== null ? 1 : 0;
  }

  wakeAll(): void {
    if (this.#one !== null) this.#one.wake();
    else if (this.#many !== null) for (const waiter of [...this.#many]) waiter.wake();
  }

  /**
   * Like `wakeAll`, but each waiting sync polls its event now rather than in a microtask. For
   * sources at the top of a Node callback (a socket's bytes): a waiting read commits while the
   * bytes are still in hand, and its thread resumes one turn sooner. Never from inside a poll.
   */
  pollAll(): void {
    const one = this.#one;
    if (one !== null) {
      if (one.pollNow !== undefined) one.pollNow();
      else one.wake();
    } else if (this.#many !== null) {
      for (const waiter of [...this.#many]) {
        if (waiter.pollNow !== undefined) waiter.pollNow();
        else waiter.wake();
      }
    }
  }

  /** Hands `value` to the longest-waiting undecided sync; returns whether one took it. */
  completeFirst(value: unknown): boolean {
    const one = this.#one;
    if (one !== null) {
      this.#one = null;
      return one.complete(value);
    }
    const many = this.#many;
    if (many === null) return false;
    for (const waiter of many) {
      this.delete(waiter);
      if (waiter.complete(value)) return true;
    }
    return false;
  }
}

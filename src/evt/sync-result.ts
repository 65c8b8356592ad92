/**
 * Where a choosing `sync` delivers its result, and how a `handleEvt` procedure runs in tail
 * position, as in Racket: its result is the sync's result, and a CML-style loop
 *
 *     const loop = (): Promise<unknown> => sync(handleEvt(evt, () => loop()));
 *
 * runs for ever in constant stack and memory. The procedure runs in a promise reaction (the
 * stack of the sync that chose it has unwound). When it returns the promise of a sync it started
 * (the loop's next round), that inner sync takes over the outer's result: it settles the outer
 * promise itself when it ends. The outer's own waiting is over, and the promise the procedure
 * returned, which nobody else waits for, is dropped rather than kept in a chain of promises
 * settling one another, one link per round.
 *
 * A sync started while such a procedure runs returns a `TailSyncPromise`, which notes whether
 * anything but that hand-over waits for it (`then`, or `await`, which calls `then`); if so it is
 * settled too, whenever that starts.
 */

/** How a sync ended. */
type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export class SyncResult {
  readonly promise: Promise<unknown>;
  #resolve!: (value: unknown) => void;
  #reject!: (error: unknown) => void;
  /** Results of outer syncs handed over to this one: settled with it. */
  #forwarded: SyncResult[] | null = null;
  /** The inner sync this one's result was handed over to, once it was. */
  #handedTo: SyncResult | null = null;
  #outcome: Outcome | null = null;

  constructor(inTailHandler: boolean) {
    const executor = (resolve: (v: unknown) => void, reject: (e: unknown) => void): void => {
      this.#resolve = resolve;
      this.#reject = reject;
    };
    this.promise = inTailHandler ? new TailSyncPromise(executor, this) : new Promise(executor);
  }

  resolve(value: unknown): void {
    this.#settle({ ok: true, value });
  }

  reject(error: unknown): void {
    this.#settle({ ok: false, error });
  }

  #settle(outcome: Outcome): void {
    if (this.#outcome !== null) return;
    this.#outcome = outcome;
    if (outcome.ok) this.#resolve(outcome.value);
    else this.#reject(outcome.error);
    const forwarded = this.#forwarded;
    this.#forwarded = null;
    if (forwarded !== null) for (const outer of forwarded) outer.#settle(outcome);
  }

  /**
   * The procedure of this sync's tail-position handler returned `promise`: the sync's result.
   * If it is a pending sync's, that sync settles this one's result too; otherwise this one
   * settles with it (adopting it, if it is a promise of another kind).
   */
  settleWith(promise: unknown): void {
    const inner = promise instanceof TailSyncPromise ? promise.result : null;
    if (inner === null || inner.#outcome !== null || inner === this) {
      this.resolve(promise);
      return;
    }
    const list = (inner.#forwarded ??= []);
    // The results handed over to this sync go on to the inner one (no chain is kept).
    if (this.#forwarded !== null) {
      for (const outer of this.#forwarded) list.push(outer);
      this.#forwarded = null;
    }
    // This sync's own promise only if something waits for it (see `TailSyncPromise`). Else it
    // is dropped, remembering where its result went, should something wait for it later; the
    // pointer goes from old to new, so it keeps nothing of the loop alive.
    const own = this.promise;
    if (!(own instanceof TailSyncPromise) || own.observed) list.push(this);
    else this.#handedTo = inner;
  }

  /** Something now waits for this sync's promise: if its result was handed over, it follows. */
  observed(): void {
    let target = this.#handedTo;
    if (target === null) return;
    while (target.#handedTo !== null) target = target.#handedTo;
    if (target.#outcome !== null) this.#settle(target.#outcome);
    else (target.#forwarded ??= []).push(this);
  }
}

/**
 * The promise of a sync started inside a tail-position handler: a `Promise` that notes its
 * first `then` (see above). Promises derived from it (`then`'s) are ordinary ones.
 */
export class TailSyncPromise extends Promise<unknown> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  observed = false;

  constructor(
    executor: (resolve: (v: unknown) => void, reject: (e: unknown) => void) => void,
    readonly result: SyncResult,
  ) {
    super(executor);
  }

  override then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (!this.observed) {
      this.observed = true;
      this.result.observed();
    }
    return super.then(onFulfilled, onRejected);
  }
}

/** Whether a tail-position handler procedure is running now (its syncs' promises are noted). */
let tailHandlerRunning = false;

export const inTailHandler = (): boolean => tailHandlerRunning;

/**
 * Calls `proc(value)` in tail position of the sync whose result is `result`: from a promise
 * reaction, so the sync's own stack has unwound; its result settles `result` (see above).
 */
export function callInTailPosition(
  result: SyncResult,
  proc: (v: unknown) => unknown,
  value: unknown,
): void {
  let out: unknown;
  tailHandlerRunning = true;
  try {
    out = proc(value);
  } catch (error) {
    result.reject(error);
    return;
  } finally {
    tailHandlerRunning = false;
  }
  result.settleWith(out);
}

/**
 * Operations on one object (a UDP socket; an output port's writes, later) that take effect in
 * the order they were called, even when callers do not await each one, and that survive a kill.
 *
 * An operation `enter`s the object's `OperationQueue` when it is called and gets a `Turn`: an
 * event, ready once every turn entered before it has finished. Waiting for it is a `sync`
 * (`turn.wait`), so a break or a kill ends the wait. The operation does its part while it holds
 * the turn, then `finish`es it (in a `finally`: a break or an error must let the next one go).
 * A killed thread never resumes to finish its turn, so a turn is also one of its thread's
 * waits: a kill finishes it, whether the thread was waiting for the turn or holding it while it
 * waited for something else.
 *
 *     const turn = queue.enter();
 *     try {
 *       await turn.wait(enableBreak);
 *       // … the operation, in call order …
 *     } finally {
 *       turn.finish();
 *     }
 */
import { currentThreadCore, type ThreadCore, type Wait } from '../context/context.js';
import { racketPrint } from '../exn/print.js';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from './evt.js';
import { syncPrimitive } from './sync.js';

/** The unfinished turns of one object's operations, in call order. */
export class OperationQueue {
  /** Unfinished turns, oldest first: the first one holds the object. */
  readonly #turns: Turn[] = [];
  readonly #onIdle: (() => void) | null;

  /** `onIdle` runs whenever the last unfinished turn finishes (operations waiting on order retry). */
  constructor(onIdle: (() => void) | null = null) {
    this.#onIdle = onIdle;
  }

  /** Whether an operation called earlier has not yet finished its turn. */
  get busy(): boolean {
    return this.#turns.length > 0;
  }

  /** A turn for an operation called now, after every unfinished one; for the current thread. */
  enter(): Turn {
    const turn = new Turn(this, currentThreadCore());
    this.#turns.push(turn);
    return turn;
  }

  /** Whether `turn` holds the object (every earlier turn has finished). */
  isFirst(turn: Turn): boolean {
    return this.#turns[0] === turn;
  }

  /** Removes a finished turn; wakes the next one if `turn` held the object. */
  remove(turn: Turn): void {
    const turns = this.#turns;
    if (turns[0] === turn) {
      turns.shift();
      turns[0]?.wakeWaiters();
    } else {
      // A turn given up before it came (a break or a kill while it waited).
      const at = turns.indexOf(turn);
      if (at >= 0) turns.splice(at, 1);
    }
    if (turns.length === 0) this.#onIdle?.();
  }
}

/**
 * One operation's place in its `OperationQueue`. As an event it is ready (with itself) once it
 * holds the object; it is also a wait of the thread that entered it, so that a kill finishes it.
 */
export class Turn extends PrimitiveEvt<Turn> implements Wait {
  #finished = false;
  readonly #waiters = new WaiterSet();

  constructor(
    readonly queue: OperationQueue,
    /** The thread that entered the turn: killing it finishes the turn. */
    readonly owner: ThreadCore,
  ) {
    super();
    owner.waits.add(this);
  }

  /** Whether the turn holds its object now (every earlier turn has finished). */
  get isReady(): boolean {
    return this.queue.isFirst(this);
  }

  /**
   * Waits for the turn: a `sync` on it, ended by a break if breaks are enabled (`enableBreak`:
   * enabled for the wait whatever the thread's state) or by a kill. A thread already killed
   * gives its turn up and never resumes.
   */
  wait(enableBreak: boolean): Promise<Turn> {
    // A kill that came before the turn was entered could not finish it.
    if (this.owner.dead) this.finish();
    return syncPrimitive(enableBreak, this);
  }

  /** Lets the next turn go; idempotent, so that every exit path may call it. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.owner.waits.delete(this);
    this.queue.remove(this);
  }

  /** @internal Called by the queue when the turn comes. */
  wakeWaiters(): void {
    this.#waiters.wakeAll();
  }

  poll(): Turn | NotReady {
    return this.isReady ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }

  override waiterSet(): WaiterSet {
    return this.#waiters;
  }

  /** A turn is not a break-enabled wait: a break ends the `sync` waiting for it instead. */
  interruptForBreak(): boolean {
    return false;
  }

  /** The thread was killed: it will never finish its turn itself. */
  interruptForKill(): void {
    this.finish();
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

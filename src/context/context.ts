/**
 * The dynamic context of running code: which racket-net thread it belongs to, the
 * parameterization (parameter → cell), and the cell holding "breaks enabled".
 *
 * JavaScript has no threads, so a racket-net thread is an async function whose context travels
 * with it through `await` by AsyncLocalStorage. Code outside any `thread` runs in the main
 * thread's context, which needs no storage at all: `getStore()` is simply undefined there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BreakKind } from '../exn/exn.js';

/** A thread cell: its value is per thread (set with `ThreadCore.setCell`), its default shared. */
export class Cell<T = unknown> {
  constructor(readonly initial: T) {}
}

/** A blocking wait in progress (one `sync`): breaks and kills end it from outside. */
export interface Wait {
  /** Ends the wait with a break, if it is break-enabled and undecided; says whether it did. */
  interruptForBreak(kind: BreakKind): boolean;
  /** Ends the wait for good: its continuation never runs. */
  interruptForKill(): void;
}

/** The per-thread state the runtime needs below the public `Thread` evt. */
export class ThreadCore {
  dead = false;
  /** A break that arrived while breaks were disabled, delivered when they are enabled. */
  pendingBreak: BreakKind | null = null;
  readonly waits = new Set<Wait>();
  /** Values this thread has given to thread cells (parameters set with `p(v)`, `breakEnabled(b)`). */
  readonly cellValues: Map<Cell, unknown>;
  /** The public object (`Thread`) for `currentThread()`, filled in by the thread layer. */
  handle: unknown = undefined;
  /** Internal to `sync`: the waiters its last sync over many events left parked. */
  parkedWatch: object | null = null;

  constructor(
    readonly name: string,
    inherited?: Map<Cell, unknown>,
  ) {
    // Racket's parameters are preserved thread cells: a new thread starts with the values
    // current in its creator, and later sets on either side stay private.
    this.cellValues = new Map(inherited);
  }

  /** The pending break if `breakable`, taken (a break is raised once); `null` if none is due. */
  takePendingBreak(breakable: boolean): BreakKind | null {
    const kind = this.pendingBreak;
    if (kind === null || !breakable) return null;
    this.pendingBreak = null;
    return kind;
  }

  getCell<T>(cell: Cell<T>): T {
    const values = this.cellValues;
    return values.size !== 0 && values.has(cell) ? (values.get(cell) as T) : cell.initial;
  }

  setCell<T>(cell: Cell<T>, value: T): void {
    this.cellValues.set(cell, value);
  }
}

/** What `parameterize` binds: parameter identity → the cell that holds its value. */
export type Parameterization = ReadonlyMap<object, Cell>;

export interface Frame {
  readonly thread: ThreadCore;
  readonly paramz: Parameterization;
  readonly breakCell: Cell<boolean>;
}

const storage = new AsyncLocalStorage<Frame>();

export const mainThreadCore = new ThreadCore('main');

const mainFrame: Frame = {
  thread: mainThreadCore,
  paramz: new Map(),
  // Breaks are enabled by default in Racket's main thread.
  breakCell: new Cell(true),
};

export function currentFrame(): Frame {
  return storage.getStore() ?? mainFrame;
}

export function currentThreadCore(): ThreadCore {
  return currentFrame().thread;
}

/** Runs `thunk` with `frame` as its dynamic context, across every `await` inside it. */
export function runInFrame<T>(frame: Frame, thunk: () => T): T {
  return storage.run(frame, thunk);
}

/**
 * Thrown to unwind a thread that finds itself killed while it runs (it killed itself, shut down
 * its own custodian, or was killed between two waits): JavaScript cannot stop it otherwise.
 * The thread runner discards it; it is never an `Exn`, so Racket-style handlers do not see it.
 */
export class ThreadKilled extends Error {
  constructor() {
    super('the current thread has been killed');
    Object.defineProperty(this, 'name', { value: 'ThreadKilled', enumerable: false });
  }
}

/**
 * Stops the current thread here if it has been killed. Not the main thread: nothing runs it
 * that could discard the exception (and Racket would exit the process instead).
 */
export function exitIfKilled(): void {
  const thread = currentThreadCore();
  if (thread.dead && thread !== mainThreadCore) throw new ThreadKilled();
}

export function isBreakEnabledIn(frame: Frame): boolean {
  return frame.thread.getCell(frame.breakCell);
}

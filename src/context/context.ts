/**
 * The dynamic context of running code: which racket-net thread it belongs to, the
 * parameterization (parameter → cell), and the cell holding "breaks enabled".
 *
 * JavaScript has no threads, so a racket-net thread is an async function whose context travels
 * with it through every `await` (and `then`). Code outside any `thread` runs in the main
 * thread's context. Two mechanisms carry it, chosen once per process by what is cheap on the
 * runtime (see `contextMechanism`):
 *   - `AsyncLocalStorage` where Node builds it on V8's continuation data (AsyncContextFrame:
 *     Node 24 on, Node 22 with `--experimental-async-context-frame`), which costs nothing
 *     measurable per promise;
 *   - V8's promise hooks elsewhere: `AsyncLocalStorage` there runs Node's whole async_hooks
 *     machinery for every promise of the process, which costs more than hooks of our own.
 * Both give an `await` or a `then` callback the context it was registered in. Plain callbacks
 * a thread schedules (timers, immediates, ticks) differ: `AsyncLocalStorage` gives them the
 * thread's context, promise hooks the main thread's. racket-net's own callbacks never depend
 * on it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';
import { type BreakKind, makeBreakExn } from '../exn/exn.js';

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
  /** The thread is suspended (`threadSuspend`): stop watching, commit nothing until `resume`. */
  suspend?(): void;
  /** The thread is resumed: watch and poll again. */
  resume?(): void;
}

/** A suspended thread's suspension: `promise` resolves when it is resumed (`thread/suspend.ts`). */
export interface Suspension {
  readonly promise: Promise<void>;
  readonly resume: () => void;
}

/**
 * A thread's waits in progress: nearly always one at a time, kept in a field, with a `Set` only
 * for more. A `Set` alone would reallocate its table each time it went from one wait to none.
 */
export class Waits {
  #one: Wait | null = null;
  #more: Set<Wait> | null = null;

  add(wait: Wait): void {
    if (this.#one === null && this.#more?.has(wait) !== true) this.#one = wait;
    else if (this.#one !== wait) (this.#more ??= new Set()).add(wait);
  }

  delete(wait: Wait): void {
    if (this.#one === wait) this.#one = null;
    else this.#more?.delete(wait);
  }

  /** The waits now, as a copy: ending one may change the others. */
  list(): Wait[] {
    const waits: Wait[] = this.#one === null ? [] : [this.#one];
    if (this.#more !== null) for (const wait of this.#more) waits.push(wait);
    return waits;
  }
}

/** The per-thread state the runtime needs below the public `Thread` evt. */
export class ThreadCore {
  dead = false;
  /** A break that arrived while breaks were disabled, delivered when they are enabled. */
  pendingBreak: BreakKind | null = null;
  readonly waits = new Waits();
  /**
   * What `sync` left parked on the thread for its next sync over the same many events (the
   * evt layer's `ParkedWatch`, told apart by `instanceof` there).
   */
  parkedWatch: object | null = null;
  /** Set while the thread is suspended (`threadSuspend`): a wait it starts waits for this first. */
  suspension: Suspension | null = null;
  /** Values this thread has given to thread cells (parameters set with `p(v)`, `breakEnabled(b)`). */
  readonly cellValues: Map<Cell, unknown>;

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

export const mainThreadCore = new ThreadCore('main');

const mainFrame: Frame = {
  thread: mainThreadCore,
  paramz: new Map(),
  // Breaks are enabled by default in Racket's main thread.
  breakCell: new Cell(true),
};

/** How the context travels with promises in this process (see the top of this file). */
export type ContextMechanism = 'async-local-storage' | 'promise-hooks';

/**
 * The mechanism for this runtime: `AsyncLocalStorage` where it is backed by AsyncContextFrame.
 * `RACKET_NET_CONTEXT` (`async-local-storage` or `promise-hooks`) forces one, for tests.
 */
function chooseMechanism(): ContextMechanism {
  const forced = process.env.RACKET_NET_CONTEXT;
  if (forced === 'async-local-storage' || forced === 'promise-hooks') return forced;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (flags.includes('--no-async-context-frame')) return 'promise-hooks';
  const major = Number(process.versions.node.split('.')[0]);
  const frames = major >= 24 || flags.includes('--experimental-async-context-frame');
  return frames ? 'async-local-storage' : 'promise-hooks';
}

export const contextMechanism: ContextMechanism = chooseMechanism();

/** With `AsyncLocalStorage`: the store holds the frame (none for the main thread's). */
const storage = contextMechanism === 'async-local-storage' ? new AsyncLocalStorage<Frame>() : null;

/** With promise hooks: the frame of the code running now; `undefined` for the main thread's. */
let current: Frame | undefined;

/** Where a promise keeps the frame it was made in (the main thread's promises have none). */
const FRAME = Symbol('racket-net frame');
type FramedPromise = Promise<unknown> & { [FRAME]?: Frame };

/** Frames of the reactions running now, innermost last (reactions do not nest in practice). */
const outer: (Frame | undefined)[] = [];
let hooksStarted = false;

/**
 * From the first `runInFrame` on, a promise made while a frame is current keeps it. V8 runs a
 * reaction between `onBefore` and `onAfter` of the promise the reaction settles: for an `await`,
 * one the awaiting function made at the `await`; for a `then`, the one `then` returned. So the
 * rest of an async function, or a `then` callback, runs in the frame it was registered in,
 * whoever settles the promise it waited for.
 */
function startPromiseHooks(): void {
  hooksStarted = true;
  promiseHooks.onInit((promise: FramedPromise) => {
    if (current !== undefined) promise[FRAME] = current;
  });
  promiseHooks.onBefore((promise: FramedPromise) => {
    outer.push(current);
    current = promise[FRAME];
  });
  promiseHooks.onAfter(() => {
    current = outer.pop();
  });
}

export function currentFrame(): Frame {
  return (storage !== null ? storage.getStore() : current) ?? mainFrame;
}

export function currentThreadCore(): ThreadCore {
  return currentFrame().thread;
}

/** Runs `thunk` with `frame` as its dynamic context, across every `await` inside it. */
export function runInFrame<T>(frame: Frame, thunk: () => T): T {
  if (storage !== null) {
    return frame === mainFrame ? storage.exit(thunk) : storage.run(frame, thunk);
  }
  if (!hooksStarted) startPromiseHooks();
  const previous = current;
  current = frame === mainFrame ? undefined : frame;
  try {
    return thunk();
  } finally {
    current = previous;
  }
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

/**
 * The start of every blocking wait, in `frame`'s thread: returns whether the wait is breakable
 * (`enableBreak`, or breaks enabled in `frame`), after raising a break that is pending and
 * that such a wait takes. (A dead thread's wait is the caller's to handle: it never settles.)
 */
export function beginWait(frame: Frame, enableBreak: boolean): boolean {
  const breakable = enableBreak || isBreakEnabledIn(frame);
  const pendingBreak = frame.thread.takePendingBreak(breakable);
  if (pendingBreak !== null) throw makeBreakExn(pendingBreak);
  return breakable;
}

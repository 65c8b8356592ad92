/**
 * Racket threads on one JavaScript event loop.
 *
 * A thread runs an async function in its own dynamic context (thread identity, parameter
 * values, break state). It cannot be pre-empted between two `await`s, so a kill or a break
 * acts on the thread's current blocking wait (every blocking operation is a `sync`), or at its
 * next one, or at `checkForBreak()`. A killed thread's wait never settles: it does not resume.
 */
import {
  Cell,
  type Frame,
  ThreadCore,
  currentFrame,
  currentThreadCore,
  exitIfKilled,
  isBreakEnabledIn,
  mainThreadCore,
  runInFrame,
} from '../context/context.js';
import {
  type Custodian,
  currentCustodian,
  custodianShutDownError,
  type Managed,
} from '../custodian/custodian.js';
import { type BreakKind, isExn, makeBreakExn } from '../exn/exn.js';
import { argumentsError, check, isProcedure } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { releaseParkedWatch, syncEvts } from '../evt/sync.js';

/** The public `Thread` of each thread's core, for `currentThread()`. */
const threads = new WeakMap<ThreadCore, Thread>();

/**
 * A Racket thread, made by {@link thread}. It is also an event: ready once the thread has
 * ended, with the thread itself as its result (so `sync(t)` waits for `t`).
 *
 * @opaque
 */
export class Thread extends PrimitiveEvt<Thread> implements Managed {
  readonly core: ThreadCore;
  /** Syncs waiting for this thread to end (`thread` as an evt, `threadDeadEvt`). */
  readonly deathWaiters = new WaiterSet();
  /** The custodian that manages the thread until it dies. */
  #custodian: Custodian | null = null;

  constructor(core: ThreadCore) {
    super();
    this.core = core;
    threads.set(core, this);
  }

  /** Called when the thunk returns or throws, or on a kill. */
  die(): void {
    if (this.core.dead && this.deathWaiters.size === 0) return;
    this.core.dead = true;
    this.#custodian?.unmanage(this);
    this.#custodian = null;
    for (const wait of this.core.waits.list()) wait.interruptForKill();
    releaseParkedWatch(this.core);
    this.deathWaiters.wakeAll();
  }

  /** Puts the thread under `custodian`, whose shutdown kills it. */
  manageBy(custodian: Custodian): void {
    custodian.manage('thread', this);
    this.#custodian = custodian;
  }

  custodianShutdown(): void {
    this.die();
  }

  /**
   * Raises Racket's `kill-thread` (or `who`'s) error unless `custodian` solely manages the thread: the
   * custodian that manages it is `custodian` or one of its subordinates (a dead thread has none).
   */
  checkManagedUnder(custodian: Custodian, who = 'kill-thread'): void {
    const own = this.#custodian;
    if (own === null || own === custodian || own.isSubordinateTo(custodian)) return;
    throw argumentsError(who, 'the current custodian does not solely manage the specified thread', [
      ['thread', formatValue(this)],
    ]);
  }

  poll(): Thread | NotReady {
    return this.core.dead ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.deathWaiters.add(waiter);
  }

  [racketPrint](): string {
    return `#<thread:${this.core.name}>`;
  }
}

class ThreadDeadEvt extends PrimitiveEvt<ThreadDeadEvt> {
  constructor(readonly thread: Thread) {
    super();
  }
  poll(): ThreadDeadEvt | NotReady {
    return this.thread.core.dead ? this : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return this.thread.deathWaiters.add(waiter);
  }
  [racketPrint](): string {
    return '#<thread-dead-evt>';
  }
}

/** Whether `v` is a thread (Racket: `thread?`). Never raises. */
export const isThread = (v: unknown): v is Thread => v instanceof Thread;

/** Prints an exception that escaped a thread the way Racket's default error display does. */
function reportEscape(error: unknown): void {
  let text: string;
  if (isExn(error)) text = error.message;
  else if (error instanceof Error) text = error.stack ?? `${error.name}: ${error.message}`;
  else text = `uncaught exception: ${formatValue(error)}`;
  process.stderr.write(text + '\n');
}

/**
 * Starts `thunk` (usually an async function) in a new thread and returns the thread at once,
 * before `thunk` runs (Racket: `thread`). The thread starts with the current parameter values
 * and break state and belongs to the current custodian, whose shutdown kills it. It ends when
 * `thunk`'s promise settles; an exception that escapes it is printed to stderr as Racket prints
 * it and ends that thread only.
 *
 * Threads share one JavaScript event loop: each runs until its next `await` of something that
 * is not ready. Kills and breaks act on the thread's current blocking operation.
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function, or if the current custodian
 *   has been shut down.
 * @example
 * ```ts
 * const listener = await tcpListen(7000);
 * for (;;) {
 *   const [input, output] = await tcpAccept(listener);
 *   thread(async () => {
 *     // one thread per connection
 *     await copyPort(input, output);
 *     closeInputPort(input);
 *     await closeOutputPort(output);
 *   });
 * }
 * ```
 */
export function thread(thunk: () => unknown): Thread {
  check('thread', isProcedure, '(procedure-arity-includes/c 0)', thunk);
  const custodian = currentCustodian();
  if (custodian.isShutDown) throw custodianShutDownError('thread', custodian);
  const parent: Frame = currentFrame();
  const core = new ThreadCore(thunk.name || 'thread', parent.thread.cellValues);
  const t = new Thread(core);
  const frame: Frame = {
    thread: core,
    paramz: parent.paramz,
    breakCell: new Cell(isBreakEnabledIn(parent)),
  };
  t.manageBy(custodian);
  queueMicrotask(() => {
    if (core.dead) return;
    runInFrame(frame, async () => {
      try {
        await thunk();
      } catch (error) {
        if (!core.dead) reportEscape(error);
      } finally {
        t.die();
      }
    });
  });
  return t;
}

let mainThread: Thread | undefined;

/**
 * The thread running now (Racket: `current-thread`): the thread whose async function (or a
 * `then` callback it registered) is running, or the main thread outside any thread.
 */
export function currentThread(): Thread {
  const core = currentThreadCore();
  if (core === mainThreadCore) return (mainThread ??= new Thread(mainThreadCore));
  return threads.get(core)!;
}

/**
 * Kills `t` (Racket: `kill-thread`): its current wait ends for good (its promise never
 * settles, so the thread never resumes), and it is dead at once. Killing a dead thread does
 * nothing; a thread that kills itself does not return from here. The main thread is not
 * stopped.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function killThread(t: Thread): void {
  check('kill-thread', isThread, 'thread?', t).checkManagedUnder(currentCustodian());
  t.die();
  exitIfKilled();
}

const BREAK_STRENGTH: Record<string, number> = { false: 0, 'hang-up': 1, terminate: 2 };
export const isBreakKind = (v: unknown): v is BreakKind =>
  v === false || v === 'hang-up' || v === 'terminate';

/**
 * Breaks `t` (Racket: `break-thread`): its current break-enabled wait ends with an
 * {@link ExnBreak} (of `kind`: `false`, `'hang-up'` or `'terminate'`), having done nothing;
 * otherwise the break stays pending until `t` next waits with breaks enabled (a stronger kind
 * replaces a weaker one that is pending). Breaking a dead thread does nothing.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread or `kind` is not a break kind.
 * @throws {@link ExnBreak} in a racket-net thread that breaks itself with breaks enabled.
 */
export function breakThread(t: Thread, kind: BreakKind | null = false): void {
  check('break-thread', isThread, 'thread?', t);
  const k = check('break-thread', isBreakKind, "(or/c #f 'hang-up 'terminate)", kind ?? false);
  const core = t.core;
  if (core.dead) return;
  for (const wait of core.waits.list()) if (wait.interruptForBreak(k)) return;
  const pending = core.pendingBreak;
  if (pending === null || BREAK_STRENGTH[String(k)]! > BREAK_STRENGTH[String(pending)]!) {
    core.pendingBreak = k;
  }
  // A racket-net thread breaking itself with breaks enabled is broken at once, as in Racket.
  // Not so the main thread: every plain callback (a timer, a signal handler) runs in its
  // context, so there the break waits for the main thread's next blocking operation.
  if (core === currentThreadCore() && core !== mainThreadCore && isBreakEnabledIn(currentFrame())) {
    core.pendingBreak = null;
    throw makeBreakExn(k);
  }
}

/**
 * Waits until `t` has ended (Racket: `thread-wait`); like `sync(t)`.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 * @throws {@link ExnBreak} if the waiting thread is broken while breaks are enabled.
 */
export async function threadWait(t: Thread): Promise<void> {
  check('thread-wait', isThread, 'thread?', t);
  await syncEvts('thread-wait', false, false, [t]);
}

/**
 * An event ready once `t` has ended, whose result is the event itself (Racket:
 * `thread-dead-evt`).
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function threadDeadEvt(t: Thread): Evt<Evt> {
  const thread = check('thread-dead-evt', isThread, 'thread?', t);
  // The same event every time, as Racket's reference promises.
  let evt = deadEvts.get(thread);
  if (evt === undefined) deadEvts.set(thread, (evt = new ThreadDeadEvt(thread)));
  return evt;
}

/** Each thread's `threadDeadEvt`, made on first use. */
const deadEvts = new WeakMap<Thread, ThreadDeadEvt>();

/**
 * Whether `t` has not ended and is not suspended (Racket: `thread-running?`).
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function isThreadRunning(t: Thread): boolean {
  const core = check('thread-running?', isThread, 'thread?', t).core;
  return !core.dead && core.suspension === null;
}

/**
 * Whether `t` has ended: returned, raised, or been killed (Racket: `thread-dead?`).
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function isThreadDead(t: Thread): boolean {
  return check('thread-dead?', isThread, 'thread?', t).core.dead;
}

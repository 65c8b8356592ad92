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
import { currentCustodian } from '../custodian/custodian.js';
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

export class Thread extends PrimitiveEvt<Thread> {
  readonly core: ThreadCore;
  /** Syncs waiting for this thread to end (`thread` as an evt, `threadDeadEvt`). */
  readonly deathWaiters = new WaiterSet();
  #unregister: () => void = () => {};

  constructor(core: ThreadCore) {
    super();
    this.core = core;
    core.handle = this;
  }

  /** Called when the thunk returns or throws, or on a kill. */
  die(): void {
    if (this.core.dead && this.deathWaiters.size === 0) return;
    this.core.dead = true;
    this.#unregister();
    for (const wait of this.core.waits.list()) wait.interruptForKill();
    releaseParkedWatch(this.core);
    this.deathWaiters.wakeAll();
  }

  setUnregister(unregister: () => void): void {
    this.#unregister = unregister;
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
 * Starts `thunk` in a new thread and returns at once, before `thunk` runs. The thread gets the
 * current parameter values, break state and custodian.
 */
export function thread(thunk: () => unknown): Thread {
  check('thread', isProcedure, '(procedure-arity-includes/c 0)', thunk);
  const custodian = currentCustodian();
  if (custodian.isShutDown) {
    throw argumentsError('thread', 'the custodian has been shut down', [
      ['custodian', formatValue(custodian)],
    ]);
  }
  const parent: Frame = currentFrame();
  const core = new ThreadCore(thunk.name || 'thread', parent.thread.cellValues);
  const t = new Thread(core);
  const frame: Frame = {
    thread: core,
    paramz: parent.paramz,
    breakCell: new Cell(isBreakEnabledIn(parent)),
  };
  t.setUnregister(custodian.register('thread', t, () => t.die()));
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

export function currentThread(): Thread {
  const core = currentThreadCore();
  if (core === mainThreadCore) return (mainThread ??= new Thread(mainThreadCore));
  return core.handle as Thread;
}

/** Kills `t`; a thread that kills itself does not return from here. */
export function killThread(t: Thread): void {
  check('kill-thread', isThread, 'thread?', t).die();
  exitIfKilled();
}

const BREAK_STRENGTH: Record<string, number> = { false: 0, 'hang-up': 1, terminate: 2 };
export const isBreakKind = (v: unknown): v is BreakKind =>
  v === false || v === 'hang-up' || v === 'terminate';

/**
 * Breaks `t`: its current break-enabled wait ends with `ExnBreak`; otherwise the break waits
 * until `t` enables breaks (a stronger kind replaces a weaker one that is pending).
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

export async function threadWait(t: Thread): Promise<void> {
  check('thread-wait', isThread, 'thread?', t);
  await syncEvts('thread-wait', false, false, [t]);
}

/** Ready once `t` has ended; its result is itself. */
export function threadDeadEvt(t: Thread): Evt<Evt> {
  return new ThreadDeadEvt(check('thread-dead-evt', isThread, 'thread?', t));
}

export function isThreadRunning(t: Thread): boolean {
  return !check('thread-running?', isThread, 'thread?', t).core.dead;
}

export function isThreadDead(t: Thread): boolean {
  return check('thread-dead?', isThread, 'thread?', t).core.dead;
}

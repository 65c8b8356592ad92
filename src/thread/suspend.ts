/**
 * Suspending and resuming threads: `threadSuspend`, `threadResume`, `threadSuspendEvt`,
 * `threadResumeEvt`.
 *
 * A suspended thread's waits stop: each one stops watching its events, so nothing it waits for
 * (a semaphore's post, a channel's value, a port's bytes, its timeout) is taken or commits for
 * it; a break sent meanwhile stays pending. Resumed, each wait watches and polls again, and a
 * pending break is delivered. JavaScript cannot stop a thread between two `await`s: a thread
 * suspended while it runs (or whose wait had already ended when it was suspended) runs on until
 * its next wait, which starts only once the thread is resumed. A kill or a custodian shutdown
 * ends a suspended thread as any other.
 */
import { type Suspension, type ThreadCore } from '../context/context.js';
import { check } from '../exn/raise.js';
import { currentCustodian, isCustodian } from '../custodian/custodian.js';
import { racketPrint } from '../exn/print.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { isThread, type Thread } from './thread.js';

/** Ready for good once fired, with the thread as its result. */
class LatchEvt extends PrimitiveEvt<Thread> {
  #fired = false;
  readonly #waiters = new WaiterSet();
  constructor(
    readonly thread: Thread,
    readonly kind: 'suspend' | 'resume',
  ) {
    super();
  }
  fire(): void {
    this.#fired = true;
    this.#waiters.wakeAll();
  }
  poll(): Thread | NotReady {
    return this.#fired ? this.thread : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }
  [racketPrint](): string {
    return `#<thread-${this.kind}-evt>`;
  }
}

/** A thread's current suspend and resume events (one of them has fired: the thread's state). */
interface Latches {
  suspendEvt: LatchEvt;
  resumeEvt: LatchEvt;
}

const latches = new WeakMap<ThreadCore, Latches>();

function latchesOf(t: Thread): Latches {
  let l = latches.get(t.core);
  if (l === undefined) {
    l = { suspendEvt: new LatchEvt(t, 'suspend'), resumeEvt: new LatchEvt(t, 'resume') };
    if (t.core.suspension !== null) l.suspendEvt.fire();
    else l.resumeEvt.fire();
    latches.set(t.core, l);
  }
  return l;
}

/**
 * Suspends `t` (Racket: `thread-suspend`): its waits stop watching what they wait for and take
 * nothing (no semaphore unit, channel value, bytes or connection) until {@link threadResume};
 * a break sent to it meanwhile is delivered when it is resumed. Suspending a suspended or dead
 * thread does nothing.
 *
 * Unlike Racket's, a thread cannot be stopped between two `await`s: if `t` is running (it
 * suspends itself) or its wait has already ended, it runs on until its next wait, which
 * starts only once `t` is resumed. A thread that suspends itself and must stop there waits
 * right after: `threadSuspend(me); await sync(threadResumeEvt(me));`.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread, or if the current custodian does not
 *   solely manage it (`thread-suspend: the current custodian does not solely manage the
 *   specified thread`).
 */
export function threadSuspend(t: Thread): void {
  check('thread-suspend', isThread, 'thread?', t).checkManagedUnder(
    currentCustodian(),
    'thread-suspend',
  );
  const core = t.core;
  if (core.dead || core.suspension !== null) return;
  const l = latchesOf(t);
  let resume!: () => void;
  const promise = new Promise<void>((r) => (resume = r));
  core.suspension = { promise, resume } satisfies Suspension;
  l.suspendEvt.fire();
  l.resumeEvt = new LatchEvt(t, 'resume');
  for (const wait of core.waits.list()) wait.suspend?.();
}

const isBenefactor = (v: unknown): boolean =>
  v == null || v === false || isThread(v) || isCustodian(v);

/**
 * Resumes `t` after {@link threadSuspend} (Racket: `thread-resume`): its waits watch and poll
 * again, and a break sent while it was suspended is delivered. Resuming a thread that is not
 * suspended, or is dead, does nothing. `benefactor` (a thread or custodian) is checked but
 * otherwise ignored: racket-net threads have one custodian each.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread, or `benefactor` is not `false`, a
 *   thread or a custodian.
 */
export function threadResume(t: Thread, benefactor: unknown = false): void {
  check('thread-resume', isThread, 'thread?', t);
  check('thread-resume', isBenefactor, '(or/c #f thread? custodian?)', benefactor);
  const core = t.core;
  const suspension = core.suspension;
  if (core.dead || suspension === null) return;
  const l = latchesOf(t);
  core.suspension = null;
  l.resumeEvt.fire();
  l.suspendEvt = new LatchEvt(t, 'suspend');
  const waits = core.waits.list();
  for (const wait of waits) wait.resume?.();
  // A break that arrived while suspended goes to the first wait that takes it.
  const kind = core.pendingBreak;
  if (kind !== null) {
    for (const wait of core.waits.list()) {
      if (wait.interruptForBreak(kind)) {
        core.pendingBreak = null;
        break;
      }
    }
  }
  // Waits the thread was about to start (`sync` while suspended) start now.
  suspension.resume();
}

/**
 * An event ready once `t` is suspended, with `t` as its result (Racket: `thread-suspend-evt`).
 * It stays ready after `t` is resumed; from then on this returns a fresh event. For a dead
 * thread, an event never ready.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function threadSuspendEvt(t: Thread): Evt<Thread> {
  check('thread-suspend-evt', isThread, 'thread?', t);
  if (t.core.dead) return new LatchEvt(t, 'suspend');
  return latchesOf(t).suspendEvt;
}

/**
 * An event ready once `t` is running (not suspended), with `t` as its result (Racket:
 * `thread-resume-evt`): ready at once for a thread that is not suspended. It stays ready after
 * `t` is suspended; from then on this returns a fresh event. For a dead thread, an event never
 * ready.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread.
 */
export function threadResumeEvt(t: Thread): Evt<Thread> {
  check('thread-resume-evt', isThread, 'thread?', t);
  if (t.core.dead) return new LatchEvt(t, 'resume');
  return latchesOf(t).resumeEvt;
}

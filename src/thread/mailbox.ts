/**
 * Thread mailboxes: `threadSend`, `threadReceive`, `threadTryReceive`, `threadReceiveEvt`,
 * `threadRewindReceive`. Each thread has a queue of messages, made when first used; only the
 * thread itself receives from it.
 */
import { type ThreadCore, currentThreadCore } from '../context/context.js';
import { argumentsError, check, isProcedure } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  type Evt,
  GuardEvt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { syncEvts } from '../evt/sync.js';
import { isThread, type Thread } from './thread.js';

/** One thread's queue of messages, first to receive at the front. */
class Mailbox {
  /** The messages from `head` on (a queue that advances an index rather than shifting). */
  items: unknown[] = [];
  head = 0;
  readonly waiters = new WaiterSet();

  get size(): number {
    return this.items.length - this.head;
  }

  push(v: unknown): void {
    this.items.push(v);
    this.waiters.wakeAll();
  }

  /** The first message, taken; `NOT_READY` if there is none. */
  take(): unknown {
    if (this.head === this.items.length) return NOT_READY;
    const v = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }

  /** Puts `v` back in front: it is the next message received. */
  unshift(v: unknown): void {
    if (this.head > 0) this.items[--this.head] = v;
    else this.items.unshift(v);
    this.waiters.wakeAll();
  }
}

const mailboxes = new WeakMap<ThreadCore, Mailbox>();

function mailboxOf(core: ThreadCore): Mailbox {
  let box = mailboxes.get(core);
  if (box === undefined) mailboxes.set(core, (box = new Mailbox()));
  return box;
}

/** Ready when the mailbox has a message; choosing it takes the message (`threadReceive`). */
class ReceiveEvt extends PrimitiveEvt<unknown> {
  constructor(readonly box: Mailbox) {
    super();
  }
  poll(): unknown {
    return this.box.take();
  }
  watch(waiter: Waiter): Unwatch {
    return this.box.waiters.add(waiter);
  }
}

/** Ready when the mailbox of one thread has a message; its result is `threadReceiveEvt()`. */
class PeekMailboxEvt extends PrimitiveEvt<Evt> {
  constructor(readonly box: Mailbox) {
    super();
  }
  poll(): Evt | NotReady {
    return this.box.size > 0 ? receiveEvt : NOT_READY;
  }
  watch(waiter: Waiter): Unwatch {
    return this.box.waiters.add(waiter);
  }
}

/** `threadReceiveEvt()`: one event, for the mailbox of whichever thread syncs on it. */
class ThreadReceiveEvt extends GuardEvt<Evt> {
  [racketPrint](): string {
    return '#<thread-receive-evt>';
  }
}

const receiveEvt: Evt<Evt> = new ThreadReceiveEvt(
  () => new PeekMailboxEvt(mailboxOf(currentThreadCore())),
);

const isFailThunk = (v: unknown): boolean => v === false || v == null || isProcedure(v);

/**
 * Queues `v` in the mailbox of thread `t` (Racket: `thread-send`), where `t` receives it with
 * {@link threadReceive} after the messages sent before it. If `t` has ended, calls `failThunk`
 * and returns its result instead (`false`: returns `false`); without a `failThunk`, raises.
 * Messages to a suspended thread are queued.
 *
 * @throws {@link ExnFailContract} if `t` is not a thread or `failThunk` is neither a function
 *   nor `false`; `thread-send: target thread is not running` if `t` has ended and no
 *   `failThunk` was given.
 */
export function threadSend<R = never>(
  t: Thread,
  v: unknown,
  failThunk?: (() => R) | false | null,
): undefined | R | false {
  check('thread-send', isThread, 'thread?', t);
  check('thread-send', isFailThunk, '(or/c (procedure-arity-includes/c 0) #f)', failThunk);
  if (t.core.dead) {
    if (failThunk === undefined) {
      throw argumentsError('thread-send', 'target thread is not running');
    }
    return failThunk ? failThunk() : false;
  }
  mailboxOf(t.core).push(v);
  return undefined;
}

/**
 * Waits for a message in the current thread's mailbox and takes it (Racket: `thread-receive`).
 *
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled (no
 *   message is then taken).
 */
export function threadReceive(): Promise<unknown> {
  return syncEvts('thread-receive', false, false, [new ReceiveEvt(mailboxOf(currentThreadCore()))]);
}

/**
 * Takes the first message in the current thread's mailbox, or returns `false` at once if there
 * is none (Racket: `thread-try-receive`). Never waits; never raises.
 */
export function threadTryReceive(): unknown {
  const v = mailboxOf(currentThreadCore()).take();
  return v === NOT_READY ? false : v;
}

/**
 * An event ready when the mailbox of the thread that syncs on it has a message; choosing it
 * takes nothing, and its result is the event itself (Racket: `thread-receive-evt`). Always the
 * same event: the mailbox is the syncing thread's, whichever thread called this. Never raises.
 */
export function threadReceiveEvt(): Evt<Evt> {
  return receiveEvt;
}

/**
 * Puts `messages` back at the front of the current thread's mailbox, one by one, so that the
 * next message received is the last of them (Racket: `thread-rewind-receive`): after
 * `threadRewindReceive([a, b, c])` the mailbox starts `c, b, a`.
 *
 * @throws {@link ExnFailContract} if `messages` is not an array.
 */
export function threadRewindReceive(messages: readonly unknown[]): void {
  check('thread-rewind-receive', Array.isArray, 'list?', messages);
  const box = mailboxOf(currentThreadCore());
  for (const v of messages) box.unshift(v);
}

/**
 * `syncPrimitive`: the light `sync` of every blocking port operation (one primitive event, no
 * timeout, no wraps or nacks), and its wait, which settles its caller's promise itself.
 */
import {
  type Frame,
  type Wait,
  beginWait,
  currentFrame,
  type ThreadCore,
} from '../context/context.js';
import { type BreakKind, makeBreakExn } from '../exn/exn.js';
import { NOT_READY, type PrimitiveEvt, type Unwatch, type Waiter, type WaiterSet } from './evt.js';
import { runSoon, type SoonTask } from './soon.js';

/** A promise that never settles (and keeps nothing alive): where a dead thread's wait goes. */
export const never = new Promise<never>(() => {});

/**
 * The wait of `syncPrimitive`: one event, no timeout, nacks or wraps. It is its own waiter, so a
 * blocking read allocates this and its promise and nothing per leaf, and it settles the promise
 * its caller awaits with the event's result itself: one promise turn from a wake to the caller.
 */
class PrimitiveWait<T> implements Wait, Waiter, SoonTask {
  #done = false;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.#resolve = resolve;
    this.#reject = reject;
  });
  #set: WaiterSet | null = null;
  #unwatch: Unwatch | null = null;
  #pollScheduled = false;

  constructor(
    readonly evt: PrimitiveEvt<T>,
    readonly thread: ThreadCore,
    readonly breakable: boolean,
  ) {}

  get party(): object {
    return this;
  }

  start(): void {
    this.thread.waits.add(this);
    this.#watch();
  }

  #watch(): void {
    const set = this.evt.waiterSet();
    if (set !== null) {
      this.#set = set;
      set.insert(this);
    } else this.#unwatch = this.evt.watch(this);
  }

  /** The thread is suspended: nothing is watched or committed until `resume`. */
  #suspended = false;

  suspend(): void {
    if (this.#done || this.#suspended) return;
    this.#suspended = true;
    this.#unwatchEvt();
  }

  resume(): void {
    if (this.#done || !this.#suspended) return;
    this.#suspended = false;
    this.#watch();
    this.wake();
  }

  wake(): void {
    if (this.#done || this.#suspended || this.#pollScheduled) return;
    this.#pollScheduled = true;
    runSoon(this);
  }

  /** The poll `wake` deferred. */
  runSoonTask(): void {
    this.#pollScheduled = false;
    this.pollNow();
  }

  pollNow(): void {
    if (this.#done || this.#suspended) return;
    let value: T | typeof NOT_READY;
    try {
      value = this.evt.poll(this);
    } catch (error) {
      this.#end();
      this.#reject(error);
      return;
    }
    if (value === NOT_READY) return;
    this.#end();
    this.#resolve(value);
  }

  complete(value: unknown): boolean {
    if (this.#done || this.#suspended) return false;
    this.#end();
    this.#resolve(value as T);
    return true;
  }

  interruptForBreak(kind: BreakKind): boolean {
    if (this.#done || this.#suspended || !this.breakable) return false;
    this.#end();
    this.#reject(makeBreakExn(kind));
    return true;
  }

  /** The promise is never settled: a killed thread does not continue. */
  interruptForKill(): void {
    if (!this.#done) this.#end();
  }

  #end(): void {
    this.#done = true;
    this.thread.waits.delete(this);
    this.#unwatchEvt();
  }

  #unwatchEvt(): void {
    if (this.#set !== null) this.#set.delete(this);
    else this.#unwatch?.();
    this.#set = null;
    this.#unwatch = null;
  }
}

/**
 * `sync` on one primitive event with no timeout, as every blocking port operation does: the
 * same steps as `syncEvts` (a pending break is raised, the event is polled, then watched until
 * it commits, a break or a kill), without flattening, choosing or nacks. Not `async`: the
 * promise it returns is the one the wait settles, with no turns added in between.
 * `polled`: the caller has just polled `evt` (synchronously) and found it not ready.
 */
export function syncPrimitive<T>(
  enableBreak: boolean,
  evt: PrimitiveEvt<T>,
  polled = false,
): Promise<T> {
  const frame: Frame = currentFrame();
  const thread = frame.thread;
  if (thread.dead) return never;
  // A suspended thread's wait starts once it is resumed (see `thread/suspend.ts`).
  if (thread.suspension !== null) {
    return thread.suspension.promise.then(() => syncPrimitive(enableBreak, evt));
  }
  let breakable: boolean;
  try {
    breakable = beginWait(frame, enableBreak);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!polled) {
    let value: T | typeof NOT_READY;
    try {
      value = evt.poll(evt);
    } catch (error) {
      return Promise.reject(error);
    }
    if (value !== NOT_READY) return Promise.resolve(value);
  }
  const wait = new PrimitiveWait(evt, thread, breakable);
  wait.start();
  return wait.promise;
}

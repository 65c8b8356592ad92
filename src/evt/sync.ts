/**
 * `sync` and its variants: choose exactly one ready event, at random among the ready ones,
 * and let only that one take effect.
 *
 * 1. Flatten the events into primitive leaves once (guards run here, nack-guards get a nack).
 * 2. Poll leaves in random order; the first that commits wins.
 * 3. If none is ready (and the timeout allows waiting), watch every leaf and sleep. A wake
 *    marks its leaf dirty; a microtask polls the dirty leaves. A semaphore or channel may also
 *    complete the sync directly. A break, a kill or the timeout ends the wait instead.
 * 4. Fire the nacks of every branch not chosen, then run the chosen leaf's wrap functions.
 */
import {
  type Frame,
  type Wait,
  currentFrame,
  isBreakEnabledIn,
  type ThreadCore,
} from '../context/context.js';
import { type BreakKind, makeBreakExn } from '../exn/exn.js';
import { check, contractError, isRealNonnegative } from '../exn/raise.js';
import {
  ChoiceEvt,
  Evt,
  GuardEvt,
  isEvt,
  NackGuardEvt,
  noUnwatch,
  NOT_READY,
  PrimitiveEvt,
  ReplaceEvt,
  type Unwatch,
  type Waiter,
  type WaiterSet,
  WrapEvt,
} from './evt.js';
import { NackEvt } from './nack.js';
import { runSoon, type SoonTask } from './soon.js';

type Step =
  | { readonly replace: false; readonly proc: (v: unknown) => unknown }
  | {
      readonly replace: true;
      readonly proc: (v: unknown) => unknown;
      /** The `replaceEvt` itself: the result when `proc` returns a non-event. */
      readonly guard: Evt;
    };

interface Leaf {
  readonly evt: PrimitiveEvt<unknown>;
  /** Innermost first. */
  readonly steps: readonly Step[];
  readonly nacks: readonly NackEvt[];
}

const NO_STEPS: readonly Step[] = [];
const NO_NACKS: readonly NackEvt[] = [];

export type Timeout = number | false | (() => unknown);

/** The common case (a port, a semaphore): one immutable leaf per event, made once and reused. */
const plainLeaf = (evt: PrimitiveEvt<unknown>): Leaf => ({ evt, steps: NO_STEPS, nacks: NO_NACKS });

function flattenInto(
  who: string,
  evt: Evt,
  steps: readonly Step[],
  nacks: readonly NackEvt[],
  leaves: Leaf[],
  allNacks: NackEvt[],
): void {
  if (evt instanceof PrimitiveEvt) {
    if (steps === NO_STEPS && nacks === NO_NACKS) {
      leaves.push((evt.plainLeaf ??= plainLeaf(evt)) as Leaf);
    } else leaves.push({ evt, steps, nacks });
  } else if (evt instanceof WrapEvt) {
    flattenInto(
      who,
      evt.evt,
      [{ replace: false, proc: evt.proc }, ...steps],
      nacks,
      leaves,
      allNacks,
    );
  } else if (evt instanceof ChoiceEvt) {
    for (const e of evt.evts) flattenInto(who, e, steps, nacks, leaves, allNacks);
  } else if (evt instanceof GuardEvt) {
    flattenInto(who, guardResult(evt, evt.thunk()), steps, nacks, leaves, allNacks);
  } else if (evt instanceof NackGuardEvt) {
    const nack = new NackEvt();
    allNacks.push(nack);
    flattenInto(who, guardResult(evt, evt.proc(nack)), steps, [...nacks, nack], leaves, allNacks);
  } else if (evt instanceof ReplaceEvt) {
    flattenInto(
      who,
      evt.evt,
      [{ replace: true, proc: evt.proc, guard: evt }, ...steps],
      nacks,
      leaves,
      allNacks,
    );
  } else {
    throw contractError(who, 'evt?', evt);
  }
}

/** Always ready, with a fixed result. */
class ReadyEvt<T> extends PrimitiveEvt<T> {
  constructor(readonly result: T) {
    super();
  }
  poll(): T {
    return this.result;
  }
  watch(): Unwatch {
    return noUnwatch;
  }
}

/**
 * What a guard, nack-guard or replace procedure made. As Racket's reference says, a non-event
 * stands for an event that is ready at once with the guard itself as its result.
 */
function guardResult(guard: Evt, made: unknown): Evt {
  return isEvt(made) ? made : new ReadyEvt(guard);
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function';

/** Applies wrap procedures in order; an async one's result is awaited before the next sees it. */
async function applySteps(steps: readonly Step[], value: unknown): Promise<unknown> {
  for (const step of steps) {
    value = step.proc(value);
    if (isThenable(value)) value = await value;
  }
  return value;
}

function fireNacksExcept(allNacks: readonly NackEvt[], chosen: Leaf | null): void {
  for (const nack of allNacks) if (chosen === null || !chosen.nacks.includes(nack)) nack.fire();
}

type Outcome =
  | { readonly kind: 'chosen'; readonly leaf: Leaf; readonly value: unknown }
  | { readonly kind: 'error'; readonly leaf: Leaf | null; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Polls leaves once each (the ones at `indexes`, or all of them), starting at a random one and
 * going round (Racket's `sync` rotates its events by a random amount the same way); the first
 * that is ready (or throws) wins.
 */
function pollRotated(
  party: object,
  leaves: readonly Leaf[],
  indexes?: readonly number[],
): Outcome | null {
  const n = indexes === undefined ? leaves.length : indexes.length;
  let k = n <= 1 ? 0 : Math.floor(Math.random() * n);
  for (let step = 0; step < n; step++) {
    const leaf = leaves[indexes === undefined ? k : indexes[k]!]!;
    let value: unknown;
    try {
      value = leaf.evt.poll(party);
    } catch (error) {
      return { kind: 'error', leaf, error };
    }
    if (value !== NOT_READY) return { kind: 'chosen', leaf, value };
    if (++k === n) k = 0;
  }
  return null;
}

/** The waiter of one leaf of a blocked sync (a class, not closures: syncs may watch many). */
class LeafWaiter implements Waiter {
  /** The set this waiter was added to (see `PrimitiveEvt.waiterSet`), if any. */
  set: WaiterSet | null = null;
  constructor(
    public party: LeafParty,
    public index: number,
  ) {}
  wake(): void {
    this.party.markDirty(this.index);
  }
  pollNow(): void {
    this.party.pollNow(this.index);
  }
  complete(value: unknown): boolean {
    return this.party.completeLeaf(this.index, value);
  }
}

/** The sync a `LeafWaiter` works for. */
interface LeafParty {
  markDirty(i: number): void;
  pollNow(i: number): void;
  completeLeaf(i: number, value: unknown): boolean;
}

/** The party of a parked waiter (see `ParkedWatch`): wakes go nowhere. */
const PARKED: LeafParty = {
  markDirty() {},
  pollNow() {},
  completeLeaf: () => false,
};

/**
 * The waiters of a thread's last sync over many events, left in their events' sets when it
 * ended. A thread that syncs over the same events again (a server looping over its idle
 * connections) takes them back rather than adding and removing a waiter per event each time:
 * a wake-up then costs little more with a thousand idle events than with ten. A thread keeps
 * at most one; another sync over many events, or the thread's death, releases it.
 */
class ParkedWatch {
  constructor(
    readonly leaves: readonly Leaf[],
    readonly waiters: LeafWaiter[],
  ) {}
}

const sameLeaves = (a: readonly Leaf[], b: readonly Leaf[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * The leaves of the thread's parked watch, if `evts` are its events in the same order: then
 * `sync` needs neither to check them again nor to make a new array of leaves.
 */
function parkedLeavesOf(thread: ThreadCore, evts: readonly unknown[]): Leaf[] | null {
  const parked = thread.parkedWatch as ParkedWatch | null;
  if (parked === null || parked.leaves.length !== evts.length) return null;
  const leaves = parked.leaves;
  for (let i = 0; i < evts.length; i++) {
    // Only the primitive event whose plain leaf it is has this leaf.
    const evt = evts[i] as { plainLeaf?: unknown } | null | undefined;
    if (evt == null || evt.plainLeaf !== leaves[i]) return null;
  }
  return leaves as Leaf[];
}

/** Removes the thread's parked waiters from their sets (see `ParkedWatch`). */
export function releaseParkedWatch(thread: ThreadCore): void {
  const parked = thread.parkedWatch as ParkedWatch | null;
  if (parked === null) return;
  thread.parkedWatch = null;
  for (const waiter of parked.waiters) {
    waiter.set!.delete(waiter);
    waiter.set = null;
    if (freeWaiters.length < MAX_FREE_WAITERS) freeWaiters.push(waiter);
  }
}

/**
 * Waiters that were in a `WaiterSet` (see `PrimitiveEvt.waiterSet`), free for the next sync: a
 * sync over many ports then allocates nothing per port. Such a waiter is removed from its set
 * before it comes here, and port sets only ever `wake` their waiters, so the worst a late call
 * can do is wake a finished sync (ignored) or a later one (a spurious wake, which is allowed).
 */
const freeWaiters: LeafWaiter[] = [];
const MAX_FREE_WAITERS = 4096;

/** One blocked `sync`: the waiters of its leaves, its timer, and how it ends. */
class BlockedSync implements Wait, LeafParty, SoonTask {
  #done = false;
  #resolve!: (outcome: Outcome) => void;
  readonly promise = new Promise<Outcome>((resolve) => (this.#resolve = resolve));
  /** Per watched leaf: its waiter (which knows its set), or the unwatch its `watch` gave. */
  #unwatches: (LeafWaiter | Unwatch)[] = [];
  /** Every leaf is watched through a waiter set: the waiters can be parked at the end. */
  #parkable = false;
  readonly #dirty: number[] = [];
  #pollScheduled = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly leaves: readonly Leaf[],
    readonly thread: ThreadCore,
    readonly breakable: boolean,
    readonly allNacks: readonly NackEvt[],
  ) {}

  /** Leaves `pollAndWatch` left for `start` to watch (`null`: `start` watches every leaf). */
  #toWatch: number[] | null = null;

  /** `deadline`: a `performance.now()` time, or `false` for none. */
  start(deadline: number | false): void {
    this.thread.waits.add(this);
    const leaves = this.leaves;
    const toWatch = this.#toWatch;
    const n = toWatch === null ? leaves.length : toWatch.length;
    for (let k = 0; k < n && !this.#done; k++) {
      const i = toWatch === null ? k : toWatch[k]!;
      const evt = leaves[i]!.evt;
      const set = evt.waiterSet();
      if (set !== null) this.#addTo(set, i);
      else this.#unwatches.push(evt.watch(new LeafWaiter(this, i)));
    }
    if (deadline !== false && !this.#done) this.#armTimer(deadline);
  }

  #addTo(set: WaiterSet, i: number): void {
    let waiter = freeWaiters.pop();
    if (waiter === undefined) waiter = new LeafWaiter(this, i);
    else {
      waiter.party = this;
      waiter.index = i;
    }
    waiter.set = set;
    set.insert(waiter);
    this.#unwatches.push(waiter);
  }

  /**
   * For a sync over many events, polling and watching in one pass rather than two: polls every
   * leaf in `pollRotated`'s order and adds this sync's waiter to the set of each one not ready as it
   * goes (leaves without a set are left for `start`). If one is ready (or throws), the sync is
   * decided: its waiters are removed and no wake can make it poll again.
   */
  pollAndWatch(): Outcome | null {
    const parked = this.thread.parkedWatch as ParkedWatch | null;
    if (parked !== null) {
      if (sameLeaves(parked.leaves, this.leaves)) return this.#pollAndAdopt(parked);
      releaseParkedWatch(this.thread);
    }
    const leaves = this.leaves;
    const n = leaves.length;
    const toWatch: number[] = [];
    this.#toWatch = toWatch;
    let i = Math.floor(Math.random() * n);
    for (let k = 0; k < n; k++) {
      const leaf = leaves[i]!;
      let outcome: Outcome | null = null;
      try {
        const value = leaf.evt.poll(this);
        if (value !== NOT_READY) outcome = { kind: 'chosen', leaf, value };
      } catch (error) {
        outcome = { kind: 'error', leaf, error };
      }
      if (outcome !== null) {
        this.#done = true;
        this.#unwatchAll();
        return outcome;
      }
      const set = leaf.evt.waiterSet();
      if (set !== null) this.#addTo(set, i);
      else toWatch.push(i);
      if (++i === n) i = 0;
    }
    this.#parkable = toWatch.length === 0;
    return null;
  }

  /** `pollAndWatch` with the waiters a sync over the same leaves parked (see `ParkedWatch`). */
  #pollAndAdopt(parked: ParkedWatch): Outcome | null {
    const outcome = pollRotated(this, this.leaves);
    if (outcome !== null) {
      // Decided at once: the waiters stay parked for the next round.
      this.#done = true;
      return outcome;
    }
    this.thread.parkedWatch = null;
    const waiters = parked.waiters;
    for (let k = 0; k < waiters.length; k++) waiters[k]!.party = this;
    this.#unwatches = waiters;
    this.#toWatch = [];
    this.#parkable = true;
    return null;
  }

  #armTimer(deadline: number): void {
    const delay = deadline - performance.now();
    if (delay <= 0) this.#finish({ kind: 'timeout' });
    // An infinite timeout needs no timer (and must not keep the process alive).
    else if (delay !== Infinity) {
      // Node caps timer delays at 2^31-1 ms (longer ones fire at once): re-arm until due.
      const step = Math.min(Math.ceil(delay), MAX_TIMER_DELAY);
      this.#timer = setTimeout(() => this.#armTimer(deadline), step);
    }
  }

  completeLeaf(i: number, value: unknown): boolean {
    if (this.#done) return false;
    this.#finish({ kind: 'chosen', leaf: this.leaves[i]!, value });
    return true;
  }

  /** The leaf at `i` may be ready: polls it now (see `WaiterSet.pollAll`). */
  pollNow(i: number): void {
    if (this.#done) return;
    const outcome = pollRotated(this, this.leaves, [i]);
    if (outcome) this.#finish(outcome);
  }

  markDirty(i: number): void {
    if (this.#done) return;
    if (!this.#dirty.includes(i)) this.#dirty.push(i);
    if (this.#pollScheduled) return;
    this.#pollScheduled = true;
    runSoon(this);
  }

  /** The deferred poll of the leaves woken since the last one. */
  runSoonTask(): void {
    this.#pollScheduled = false;
    if (this.#done) return;
    const dirty = this.#dirty.splice(0);
    const outcome = pollRotated(this, this.leaves, dirty);
    if (outcome) this.#finish(outcome);
  }

  #unwatchAll(): void {
    const unwatches = this.#unwatches;
    const thread = this.thread;
    if (this.#parkable && thread.parkedWatch === null && !thread.dead) {
      const waiters = unwatches as LeafWaiter[];
      for (let i = 0; i < waiters.length; i++) waiters[i]!.party = PARKED;
      thread.parkedWatch = new ParkedWatch(this.leaves, waiters);
      return;
    }
    for (let i = 0; i < unwatches.length; i++) {
      const u = unwatches[i]!;
      if (typeof u === 'function') u();
      else {
        u.set!.delete(u);
        u.set = null;
        if (freeWaiters.length < MAX_FREE_WAITERS) freeWaiters.push(u);
      }
    }
  }

  #finish(outcome: Outcome): void {
    if (this.#done) return;
    this.#done = true;
    this.thread.waits.delete(this);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#unwatchAll();
    this.#resolve(outcome);
  }

  interruptForBreak(kind: BreakKind): boolean {
    if (this.#done || !this.breakable) return false;
    this.#finish({ kind: 'error', leaf: null, error: makeBreakExn(kind) });
    return true;
  }

  interruptForKill(): void {
    if (this.#done) return;
    this.#done = true;
    this.thread.waits.delete(this);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#unwatchAll();
    fireNacksExcept(this.allNacks, null);
    // The promise is never settled: a killed thread does not continue.
  }
}

const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Syncs over at least this many leaves (that may wait) poll and watch in one pass. */
const ONE_PASS_AT = 16;

/** A promise that never settles (and keeps nothing alive): where a dead thread's wait goes. */
const never = new Promise<never>(() => {});

/**
 * The engine behind every sync variant. `timeout`: seconds, `false` (wait forever), or a thunk
 * called (and its result returned) when nothing is ready at once.
 */
export function syncEvts(
  who: string,
  timeoutArg: unknown,
  enableBreak: boolean,
  evts: readonly unknown[],
): Promise<unknown> {
  // One primitive event and no timeout (an accept, a connect attempt): nothing to choose
  // between and nothing to wrap, so the lighter wait of a blocking read does the same.
  const only = evts.length === 1 ? evts[0] : undefined;
  if (only instanceof PrimitiveEvt && (timeoutArg == null || timeoutArg === false)) {
    return syncPrimitive(enableBreak, only);
  }
  return syncChoosing(who, timeoutArg, enableBreak, evts);
}

/** `syncEvts` in general: flattening, choosing, timeouts, nacks, wraps and replacements. */
async function syncChoosing(
  who: string,
  timeoutArg: unknown,
  enableBreak: boolean,
  evts: readonly unknown[],
): Promise<unknown> {
  // Checked here, inside the async function, so that bad arguments reject rather than throw.
  const timeout = checkTimeout(who, timeoutArg);
  const frame: Frame = currentFrame();
  const thread = frame.thread;
  // The events of the thread's last sync over many (a server's loop): their leaves are ready.
  const parkedLeaves = parkedLeavesOf(thread, evts);
  let leaves: Leaf[];
  let allPrimitive = true;
  if (parkedLeaves !== null) leaves = parkedLeaves;
  else {
    // One pass checks the arguments and, when all are primitive (the usual case), makes leaves.
    leaves = new Array<Leaf>(evts.length);
    for (let i = 0; i < evts.length; i++) {
      const evt = evts[i];
      if (evt instanceof PrimitiveEvt) leaves[i] = (evt.plainLeaf ??= plainLeaf(evt)) as Leaf;
      else {
        allPrimitive = false;
        if (!(evt instanceof Evt)) check(who, isEvt, 'evt?', evt);
      }
    }
  }
  if (thread.dead) return never;
  const breakable = enableBreak || isBreakEnabledIn(frame);
  const pendingBreak = thread.takePendingBreak(breakable);
  if (pendingBreak !== null) throw makeBreakExn(pendingBreak);

  const allNacks: NackEvt[] = [];
  if (!allPrimitive) {
    leaves = [];
    try {
      for (const evt of evts as Evt[]) flattenInto(who, evt, NO_STEPS, NO_NACKS, leaves, allNacks);
    } catch (error) {
      fireNacksExcept(allNacks, null);
      throw error;
    }
  }

  // One deadline for the whole sync, however many times a replace-evt restarts the wait.
  const deadline = typeof timeout === 'number' ? performance.now() + timeout * 1000 : false;
  const party = {};
  for (;;) {
    let outcome: Outcome | null;
    if (leaves.length >= ONE_PASS_AT && timeout !== 0 && typeof timeout !== 'function') {
      const blocked = new BlockedSync(leaves, thread, breakable, allNacks);
      outcome = blocked.pollAndWatch();
      if (outcome === null) {
        blocked.start(deadline);
        outcome = await blocked.promise;
        if (thread.dead) return never;
      }
    } else outcome = pollRotated(party, leaves);
    if (outcome === null) {
      if (timeout === 0 || typeof timeout === 'function') {
        fireNacksExcept(allNacks, null);
        return timeout === 0 ? false : timeout();
      }
      const blocked = new BlockedSync(leaves, thread, breakable, allNacks);
      blocked.start(deadline);
      outcome = await blocked.promise;
      if (thread.dead) return never;
    }
    if (outcome.kind === 'timeout') {
      fireNacksExcept(allNacks, null);
      return false;
    }
    if (outcome.kind === 'error') {
      fireNacksExcept(allNacks, outcome.leaf);
      throw outcome.error;
    }
    const { leaf } = outcome;
    const value = outcome.value;
    const replaceAt = leaf.steps.findIndex((s) => s.replace);
    if (replaceAt >= 0) {
      // The event committed, but its replacement now competes in its place.
      const replaced: Leaf[] = [];
      try {
        const step = leaf.steps[replaceAt] as Extract<Step, { replace: true }>;
        const made = await applySteps(leaf.steps.slice(0, replaceAt + 1), value);
        if (thread.dead) return never;
        const rest = leaf.steps.slice(replaceAt + 1);
        flattenInto(who, guardResult(step.guard, made), rest, leaf.nacks, replaced, allNacks);
      } catch (error) {
        fireNacksExcept(allNacks, null);
        throw error;
      }
      leaves = leaves.filter((l) => l !== leaf).concat(replaced);
      continue;
    }
    fireNacksExcept(allNacks, leaf);
    return leaf.steps.length === 0 ? value : applySteps(leaf.steps, value);
  }
}

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
    const set = this.evt.waiterSet();
    if (set !== null) {
      this.#set = set;
      set.insert(this);
    } else this.#unwatch = this.evt.watch(this);
  }

  wake(): void {
    if (this.#done || this.#pollScheduled) return;
    this.#pollScheduled = true;
    runSoon(this);
  }

  /** The poll `wake` deferred. */
  runSoonTask(): void {
    this.#pollScheduled = false;
    this.pollNow();
  }

  pollNow(): void {
    if (this.#done) return;
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
    if (this.#done) return false;
    this.#end();
    this.#resolve(value as T);
    return true;
  }

  interruptForBreak(kind: BreakKind): boolean {
    if (this.#done || !this.breakable) return false;
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
  const breakable = enableBreak || isBreakEnabledIn(frame);
  const pendingBreak = thread.takePendingBreak(breakable);
  if (pendingBreak !== null) return Promise.reject(makeBreakExn(pendingBreak));
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

const TIMEOUT_CONTRACT = '(or/c #f (and/c real? (not/c negative?)) (-> any))';

function checkTimeout(who: string, timeout: unknown): Timeout {
  if (timeout == null) return false;
  return check(
    who,
    (t): t is Timeout => t === false || isRealNonnegative(t) || typeof t === 'function',
    TIMEOUT_CONTRACT,
    timeout,
  );
}

type Results<E extends readonly Evt[]> = E[number] extends Evt<infer T> ? T : never;

export function sync<E extends Evt[]>(...evts: E): Promise<Results<E>> {
  return syncEvts('sync', false, false, evts) as Promise<Results<E>>;
}

export function syncEnableBreak<E extends Evt[]>(...evts: E): Promise<Results<E>> {
  return syncEvts('sync/enable-break', false, true, evts) as Promise<Results<E>>;
}

export function syncTimeout<E extends Evt[], R = false>(
  timeout: number | false | null | (() => R),
  ...evts: E
): Promise<Results<E> | R | false> {
  return syncEvts('sync/timeout', timeout, false, evts) as Promise<Results<E> | R | false>;
}

export function syncTimeoutEnableBreak<E extends Evt[], R = false>(
  timeout: number | false | null | (() => R),
  ...evts: E
): Promise<Results<E> | R | false> {
  return syncEvts('sync/timeout/enable-break', timeout, true, evts) as Promise<
    Results<E> | R | false
  >;
}

/**
 * A blocked `sync` over several leaves: one waiter per leaf in the leaf's event, a deferred
 * poll of the leaves woken, the timer of a timeout, and how the wait ends (a leaf chosen, an
 * error, the timeout, a break, a kill). Also `pollRotated`, the fair polling order, and the
 * parked watches a server's loop over the same many events reuses.
 */
import { type Wait, type ThreadCore } from '../context/context.js';
import { type BreakKind, makeBreakExn } from '../exn/exn.js';
import { NOT_READY, type Unwatch, type Waiter, type WaiterSet } from './evt.js';
import { fireNacksExcept, type Leaf } from './leaves.js';
import { type NackEvt } from './nack.js';
import { runSoon, type SoonTask } from './soon.js';

export type Outcome =
  | { readonly kind: 'chosen'; readonly leaf: Leaf; readonly value: unknown }
  | { readonly kind: 'error'; readonly leaf: Leaf | null; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Polls leaves once each (the ones at `indexes`, or all of them), starting at a random one and
 * going round (Racket's `sync` rotates its events by a random amount the same way); the first
 * that is ready (or throws) wins.
 */
export function pollRotated(
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

/** The thread's parked watch, if it has one (a field of the thread: read at every sync). */
const parkedOf = (thread: ThreadCore): ParkedWatch | undefined => {
  const parked = thread.parkedWatch;
  return parked instanceof ParkedWatch ? parked : undefined;
};

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
export function parkedLeavesOf(thread: ThreadCore, evts: readonly unknown[]): Leaf[] | null {
  const parked = parkedOf(thread);
  if (parked === undefined || parked.leaves.length !== evts.length) return null;
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
  const parked = parkedOf(thread);
  if (parked === undefined) return;
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
export class BlockedSync implements Wait, LeafParty, SoonTask {
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
    this.#deadline = deadline;
    this.#watchLeaves(deadline);
  }

  #deadline: number | false = false;
  /** The thread is suspended: nothing is watched, polled or committed until `resume`. */
  #suspended = false;

  suspend(): void {
    if (this.#done || this.#suspended) return;
    this.#suspended = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#parkable = false;
    this.#unwatchAll();
    this.#unwatches = [];
  }

  resume(): void {
    if (this.#done || !this.#suspended) return;
    this.#suspended = false;
    this.#toWatch = null;
    this.#watchLeaves(this.#deadline);
    for (let i = 0; i < this.leaves.length && !this.#done; i++) this.markDirty(i);
  }

  #watchLeaves(deadline: number | false): void {
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
    const parked = parkedOf(this.thread);
    if (parked !== undefined) {
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
    if (this.#done || this.#suspended) return false;
    this.#finish({ kind: 'chosen', leaf: this.leaves[i]!, value });
    return true;
  }

  /** The leaf at `i` may be ready: polls it now (see `WaiterSet.pollAll`). */
  pollNow(i: number): void {
    if (this.#done || this.#suspended) return;
    const outcome = pollRotated(this, this.leaves, [i]);
    if (outcome) this.#finish(outcome);
  }

  markDirty(i: number): void {
    if (this.#done || this.#suspended) return;
    if (!this.#dirty.includes(i)) this.#dirty.push(i);
    if (this.#pollScheduled) return;
    this.#pollScheduled = true;
    runSoon(this);
  }

  /** The deferred poll of the leaves woken since the last one. */
  runSoonTask(): void {
    this.#pollScheduled = false;
    if (this.#done || this.#suspended) return;
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
    if (this.#done || this.#suspended || !this.breakable) return false;
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
export const ONE_PASS_AT = 16;

/**
 * `sync` and its variants: choose exactly one ready event, at random among the ready ones,
 * and let only that one take effect.
 *
 * 1. Flatten the events into primitive leaves once (`leaves.ts`: guards run here, nack-guards
 *    get a nack).
 * 2. Poll leaves in rotated order from a random start; the first that commits wins.
 * 3. If none is ready (and the timeout allows waiting), watch every leaf and sleep
 *    (`blocked-sync.ts`). A wake marks its leaf dirty; a microtask polls the dirty leaves. A
 *    semaphore or channel may also complete the sync directly. A break, a kill or the timeout
 *    ends the wait instead.
 * 4. Fire the nacks of every branch not chosen, then run the chosen leaf's wrap functions.
 *
 * A sync on one primitive event with no timeout (every blocking read, write and accept) takes
 * the lighter path of `primitive-wait.ts`.
 */
import { beginWait, type Frame, currentFrame } from '../context/context.js';
import { check, isRealNonnegative } from '../exn/raise.js';
import { Evt, isEvt, PrimitiveEvt } from './evt.js';
import {
  applySteps,
  fireNacksExcept,
  firstReplace,
  flattenInto,
  guardResult,
  type Leaf,
  plainLeaf,
  type Step,
  tailStep,
  type Timeout,
} from './leaves.js';
import { callInTailPosition, inTailHandler, SyncResult } from './sync-result.js';
import {
  BlockedSync,
  ONE_PASS_AT,
  type Outcome,
  parkedLeavesOf,
  pollRotated,
} from './blocked-sync.js';
import { type NackEvt } from './nack.js';
import { never, syncPrimitive } from './primitive-wait.js';
import { withPolling } from './more-evts.js';

export { releaseParkedWatch } from './blocked-sync.js';
export { syncPrimitive } from './primitive-wait.js';
export type { Timeout } from './leaves.js';

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
  // A suspended thread's sync starts once it is resumed (see `thread/suspend.ts`).
  const thread = currentFrame().thread;
  const suspension = thread.suspension;
  if (suspension !== null) {
    return suspension.promise.then(() => syncEvts(who, timeoutArg, enableBreak, evts));
  }
  // Only primitive events (a server's ports, as often the ones its last sync parked): no guard
  // to tell, no handler in tail position, so the result is the choosing's own.
  const parkedLeaves = parkedLeavesOf(thread, evts);
  if (parkedLeaves !== null || allPrimitive(evts)) {
    return syncChoosing(who, timeoutArg, enableBreak, evts, parkedLeaves);
  }
  const result = new SyncResult(inTailHandler());
  // `pollGuardEvt`s are told whether this sync polls (its guards run before its first await).
  const polls = timeoutArg === 0 || typeof timeoutArg === 'function';
  withPolling(polls, () => syncChoosing(who, timeoutArg, enableBreak, evts, null)).then(
    (chosen) => {
      if (chosen instanceof TailCall) callInTailPosition(result, chosen.proc, chosen.value);
      else result.resolve(chosen);
    },
    (error: unknown) => result.reject(error),
  );
  return result.promise;
}

function allPrimitive(evts: readonly unknown[]): boolean {
  for (let i = 0; i < evts.length; i++) if (!(evts[i] instanceof PrimitiveEvt)) return false;
  return true;
}

/** The chosen event's `handleEvt` procedure, to call in tail position with `value`. */
class TailCall {
  constructor(
    readonly proc: (v: unknown) => unknown,
    readonly value: unknown,
  ) {}
}

/**
 * `syncEvts` in general: flattening, choosing, timeouts, nacks, wraps and replacements. The
 * result, or the `TailCall` that makes it.
 */
async function syncChoosing(
  who: string,
  timeoutArg: unknown,
  enableBreak: boolean,
  evts: readonly unknown[],
  /** The leaves of the thread's parked watch, if `evts` are its events (see `parkedLeavesOf`). */
  parkedLeaves: Leaf[] | null,
): Promise<unknown> {
  // Checked here, inside the async function, so that bad arguments reject rather than throw.
  const timeout = checkTimeout(who, timeoutArg);
  const frame: Frame = currentFrame();
  const thread = frame.thread;
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
  const breakable = beginWait(frame, enableBreak);

  const allNacks: NackEvt[] = [];
  if (!allPrimitive) {
    leaves = [];
    try {
      for (const evt of evts as Evt[]) flattenInto(who, evt, null, null, leaves, allNacks);
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
    const replace = firstReplace(leaf.steps);
    if (replace !== null) {
      // The event committed, but its replacement now competes in its place.
      const replaced: Leaf[] = [];
      try {
        const step = replace.step as Extract<Step, { kind: 'replace' }>;
        const made = await applySteps(leaf.steps, value, replace.next);
        if (thread.dead) return never;
        flattenInto(
          who,
          guardResult(step.guard, made),
          replace.next,
          leaf.nacks,
          replaced,
          allNacks,
        );
      } catch (error) {
        fireNacksExcept(allNacks, null);
        throw error;
      }
      leaves = leaves.filter((l) => l !== leaf).concat(replaced);
      continue;
    }
    fireNacksExcept(allNacks, leaf);
    if (leaf.steps === null) return value;
    const tail = tailStep(leaf.steps);
    if (tail === null) return applySteps(leaf.steps, value);
    return new TailCall(tail.step.proc, await applySteps(leaf.steps, value, tail));
  }
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

/**
 * The result of a `sync` over events `E`: any of their result types.
 *
 * @inline
 */
type Results<E extends readonly Evt[]> = E[number] extends Evt<infer T> ? T : never;

/**
 * Waits until one of `evts` is ready, lets exactly that one take effect, and returns its result
 * (Racket: `sync`). The events are polled once, starting at a random one and going round; the
 * first ready one wins. If none is, the thread sleeps until one is. An accept, read, receive or
 * send event that is not chosen accepts, reads, receives or sends nothing.
 *
 * @throws {@link ExnFailContract} if an argument is not an event.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled (then no
 *   event has taken effect).
 * @throws what the chosen event raises (e.g. {@link ExnFail} for a closed port), or what a
 *   guard or wrap function raises.
 * @example
 * ```ts
 * // Serve a client line by line until another thread posts `stop` (a semaphore).
 * for (;;) {
 *   const r = await sync(readLineEvt(input), stop);
 *   if (r === stop || isEofObject(r)) break;
 *   await writeString(`${r}\n`, output);
 * }
 * ```
 */
export function sync<E extends Evt[]>(...evts: E): Promise<Results<E>> {
  return syncEvts('sync', false, false, evts) as Promise<Results<E>>;
}

/**
 * {@link sync} with breaks enabled while it waits (Racket: `sync/enable-break`): it either
 * chooses an event or raises the break, never both.
 *
 * @throws {@link ExnBreak} if the thread is broken before an event is chosen.
 * @throws as {@link sync} does.
 */
export function syncEnableBreak<E extends Evt[]>(...evts: E): Promise<Results<E>> {
  return syncEvts('sync/enable-break', false, true, evts) as Promise<Results<E>>;
}

/**
 * {@link sync} with a timeout (Racket: `sync/timeout`): `timeout` seconds (`0` polls once),
 * `false` or `null` for none, or a function called (and its result returned) instead of
 * waiting when no event is ready at once. Returns `false` when the time runs out.
 *
 * @throws {@link ExnFailContract} if `timeout` is negative or not a number, `false` or
 *   function, or an argument is not an event.
 * @throws as {@link sync} does.
 * @example
 * ```ts
 * const line = await syncTimeout(5, readLineEvt(input));
 * if (line === false) console.log('no line in 5 seconds');
 * ```
 */
export function syncTimeout<E extends Evt[], R = false>(
  timeout: number | false | null | (() => R),
  ...evts: E
): Promise<Results<E> | R | false> {
  return syncEvts('sync/timeout', timeout, false, evts) as Promise<Results<E> | R | false>;
}

/**
 * {@link syncTimeout} with breaks enabled while it waits (Racket: `sync/timeout/enable-break`).
 *
 * @throws {@link ExnBreak} if the thread is broken before an event is chosen.
 * @throws as {@link syncTimeout} does.
 */
export function syncTimeoutEnableBreak<E extends Evt[], R = false>(
  timeout: number | false | null | (() => R),
  ...evts: E
): Promise<Results<E> | R | false> {
  return syncEvts('sync/timeout/enable-break', timeout, true, evts) as Promise<
    Results<E> | R | false
  >;
}

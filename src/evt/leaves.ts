/**
 * Flattening: the events given to `sync` become primitive *leaves*, each with the wrap and
 * replace steps and the nacks of the combinators around it. Guards and nack-guards run here,
 * once per sync; a nack-guard's nack is made here and fired when its branch is not chosen.
 */
import { contractError, isThenable } from '../exn/raise.js';
import {
  ChoiceEvt,
  type Evt,
  GuardEvt,
  isEvt,
  NackGuardEvt,
  noUnwatch,
  PrimitiveEvt,
  ReplaceEvt,
  type Unwatch,
  WrapEvt,
} from './evt.js';
import { NackEvt } from './nack.js';

/** What a combinator around a leaf does with its result once the leaf is chosen. */
export type Step =
  /** `wrapEvt`; `handleEvt` (`tail`: its procedure is called in tail position of the sync). */
  | { readonly kind: 'wrap'; readonly proc: (v: unknown) => unknown; readonly tail: boolean }
  | {
      readonly kind: 'replace';
      readonly proc: (v: unknown) => unknown;
      /** The `replaceEvt` itself: the result when `proc` returns a non-event. */
      readonly guard: Evt;
    };

/**
 * A leaf's steps, innermost first, as a list whose tails are shared: a combinator nested N deep
 * adds one node to its inner events' steps, not a copy of N (linear, not quadratic, in depth).
 */
export interface Steps {
  readonly step: Step;
  readonly next: Steps | null;
}

/** The nacks of the nack-guards around a leaf, as a shared list (see `Steps`). */
export interface Nacks {
  readonly nack: NackEvt;
  readonly next: Nacks | null;
}

export interface Leaf {
  readonly evt: PrimitiveEvt<unknown>;
  /** Innermost first; `null` for none. */
  readonly steps: Steps | null;
  readonly nacks: Nacks | null;
}

export type Timeout = number | false | (() => unknown);

/** The common case (a port, a semaphore): one immutable leaf per event, made once and reused. */
export const plainLeaf = (evt: PrimitiveEvt<unknown>): Leaf => ({ evt, steps: null, nacks: null });

/**
 * Flattens `evt` into primitive leaves (appended to `leaves`, left to right), with `steps` and
 * `nacks` around it; each nack a nack-guard makes is also appended to `allNacks`. Guards run
 * here, in order. Iterative, with a stack of its own: events nested tens of thousands deep
 * flatten without exhausting JavaScript's.
 */
export function flattenInto(
  who: string,
  evt: Evt,
  steps: Steps | null,
  nacks: Nacks | null,
  leaves: Leaf[],
  allNacks: NackEvt[],
): void {
  const pending: Leaf[] = [{ evt: evt as PrimitiveEvt<unknown>, steps, nacks }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    let e: Evt = item.evt;
    let s = item.steps;
    let n = item.nacks;
    // Follow single-child combinators in place; a choice queues its branches.
    for (;;) {
      if (e instanceof PrimitiveEvt) {
        if (s === null && n === null) leaves.push((e.plainLeaf ??= plainLeaf(e)) as Leaf);
        else leaves.push({ evt: e, steps: s, nacks: n });
        break;
      } else if (e instanceof WrapEvt) {
        s = { step: { kind: 'wrap', proc: e.proc, tail: e.tail }, next: s };
        e = e.evt;
      } else if (e instanceof ReplaceEvt) {
        s = { step: { kind: 'replace', proc: e.proc, guard: e }, next: s };
        e = e.evt;
      } else if (e instanceof ChoiceEvt) {
        // Last branch first onto the stack, so that branches flatten left to right.
        const branches = e.evts;
        for (let i = branches.length - 1; i >= 0; i--) {
          pending.push({ evt: branches[i] as PrimitiveEvt<unknown>, steps: s, nacks: n });
        }
        break;
      } else if (e instanceof GuardEvt) {
        e = guardResult(e, e.thunk());
      } else if (e instanceof NackGuardEvt) {
        const nack = new NackEvt();
        allNacks.push(nack);
        n = { nack, next: n };
        e = guardResult(e, e.proc(nack));
      } else {
        throw contractError(who, 'evt?', e);
      }
    }
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
export function guardResult(guard: Evt, made: unknown): Evt {
  return isEvt(made) ? made : new ReadyEvt(guard);
}

/**
 * Applies the steps from `steps` on, innermost first, up to (not including) `until`; an async
 * procedure's result is awaited before the next one sees it.
 */
export async function applySteps(
  steps: Steps | null,
  value: unknown,
  until: Steps | null = null,
): Promise<unknown> {
  for (let node = steps; node !== until && node !== null; node = node.next) {
    value = node.step.proc(value);
    if (isThenable(value)) value = await value;
  }
  return value;
}

/** The last (outermost) of `steps`, if it is a `handleEvt`'s: its call is in tail position. */
export function tailStep(steps: Steps | null): Steps | null {
  if (steps === null) return null;
  let last = steps;
  while (last.next !== null) last = last.next;
  return last.step.kind === 'wrap' && last.step.tail ? last : null;
}

/** The first replace step of `steps` (innermost first), if any. */
export function firstReplace(steps: Steps | null): Steps | null {
  for (let node = steps; node !== null; node = node.next) {
    if (node.step.kind === 'replace') return node;
  }
  return null;
}

/** Fires the nacks of every branch but the chosen one's (all of them if none was chosen). */
export function fireNacksExcept(allNacks: readonly NackEvt[], chosen: Leaf | null): void {
  if (allNacks.length === 0) return;
  const keep = new Set<NackEvt>();
  for (let node = chosen?.nacks ?? null; node !== null; node = node.next) keep.add(node.nack);
  for (const nack of allNacks) if (!keep.has(nack)) nack.fire();
}

/**
 * Flattening: the events given to `sync` become primitive *leaves*, each with the wrap and
 * replace steps and the nacks of the combinators around it. Guards and nack-guards run here,
 * once per sync; a nack-guard's nack is made here and fired when its branch is not chosen.
 */
import { contractError } from '../exn/raise.js';
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

export type Step =
  | { readonly replace: false; readonly proc: (v: unknown) => unknown }
  | {
      readonly replace: true;
      readonly proc: (v: unknown) => unknown;
      /** The `replaceEvt` itself: the result when `proc` returns a non-event. */
      readonly guard: Evt;
    };

export interface Leaf {
  readonly evt: PrimitiveEvt<unknown>;
  /** Innermost first. */
  readonly steps: readonly Step[];
  readonly nacks: readonly NackEvt[];
}

export const NO_STEPS: readonly Step[] = [];
export const NO_NACKS: readonly NackEvt[] = [];

export type Timeout = number | false | (() => unknown);

/** The common case (a port, a semaphore): one immutable leaf per event, made once and reused. */
export const plainLeaf = (evt: PrimitiveEvt<unknown>): Leaf => ({
  evt,
  steps: NO_STEPS,
  nacks: NO_NACKS,
});

export function flattenInto(
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
export function guardResult(guard: Evt, made: unknown): Evt {
  return isEvt(made) ? made : new ReadyEvt(guard);
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function';

/** Applies wrap procedures in order; an async one's result is awaited before the next sees it. */
export async function applySteps(steps: readonly Step[], value: unknown): Promise<unknown> {
  for (const step of steps) {
    value = step.proc(value);
    if (isThenable(value)) value = await value;
  }
  return value;
}

export function fireNacksExcept(allNacks: readonly NackEvt[], chosen: Leaf | null): void {
  for (const nack of allNacks) if (chosen === null || !chosen.nacks.includes(nack)) nack.fire();
}

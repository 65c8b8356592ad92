/** The event combinators and constant events: choice, wrap, handle, guard, nack-guard, replace. */
import { check, isProcedure } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  ChoiceEvt,
  type Evt,
  GuardEvt,
  isEvt,
  NackGuardEvt,
  noUnwatch,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  ReplaceEvt,
  type Unwatch,
  WrapEvt,
} from './evt.js';

export function choiceEvt<T>(...evts: Evt<T>[]): Evt<T> {
  for (const evt of evts) check('choice-evt', isEvt, 'evt?', evt);
  return new ChoiceEvt(evts);
}

export function wrapEvt<T, R>(evt: Evt<T>, proc: (v: T) => R): Evt<Awaited<R>> {
  check('wrap-evt', isEvt, 'evt?', evt);
  check('wrap-evt', isProcedure, 'procedure?', proc);
  return new WrapEvt(evt, proc) as Evt<Awaited<R>>;
}

/**
 * Like `wrapEvt`; in Racket `proc` runs in tail position with respect to the `sync`. Here the
 * two differ in name only: neither runs `proc` with breaks disabled.
 */
export function handleEvt<T, R>(evt: Evt<T>, proc: (v: T) => R): Evt<Awaited<R>> {
  check('handle-evt', isEvt, 'evt?', evt);
  check('handle-evt', isProcedure, 'procedure?', proc);
  return new WrapEvt(evt, proc) as Evt<Awaited<R>>;
}

export function guardEvt<T>(thunk: () => Evt<T>): Evt<T> {
  check('guard-evt', isProcedure, '(any/c . -> . evt?)', thunk);
  return new GuardEvt(thunk);
}

export function nackGuardEvt<T>(proc: (nack: Evt<undefined>) => Evt<T>): Evt<T> {
  check('nack-guard-evt', isProcedure, '(procedure-arity-includes/c 1)', proc);
  return new NackGuardEvt(proc);
}

export function replaceEvt<T, R>(evt: Evt<T>, proc: (v: T) => Evt<R>): Evt<R> {
  check('replace-evt', isEvt, 'evt?', evt);
  check('replace-evt', isProcedure, 'procedure?', proc);
  return new ReplaceEvt(evt, proc);
}

class AlwaysEvt extends PrimitiveEvt<AlwaysEvt> {
  poll(): AlwaysEvt {
    return this;
  }
  watch(): Unwatch {
    return noUnwatch;
  }
  [racketPrint](): string {
    return '#<always-evt>';
  }
}

class NeverEvt extends PrimitiveEvt<never> {
  poll(): NotReady {
    return NOT_READY;
  }
  watch(): Unwatch {
    return noUnwatch;
  }
  [racketPrint](): string {
    return '#<never-evt>';
  }
}

/** Always ready; its result is itself (`sync(alwaysEvt)` returns `alwaysEvt`). */
export const alwaysEvt: Evt<Evt> = new AlwaysEvt();
/** Never ready. A thread waiting only on it does not keep the process alive. */
export const neverEvt: Evt<never> = new NeverEvt();

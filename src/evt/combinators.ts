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

/**
 * An event ready when any of `evts` is, with that event's result (Racket: `choice-evt`). A
 * `sync` on it chooses one of them as if they had been passed to it directly: only the chosen
 * one takes effect.
 *
 * @throws {@link ExnFailContract} if an argument is not an event.
 */
export function choiceEvt<T>(...evts: Evt<T>[]): Evt<T> {
  for (const evt of evts) check('choice-evt', isEvt, 'evt?', evt);
  return new ChoiceEvt(evts);
}

/**
 * An event ready when `evt` is, whose result is `proc` applied to `evt`'s result (Racket:
 * `wrap-evt`). `proc` runs only if `evt` is chosen, after it has taken effect; if it returns a
 * promise, the `sync` waits for it. What `proc` raises, the `sync` raises.
 *
 * @throws {@link ExnFailContract} if `evt` is not an event or `proc` is not a function.
 */
export function wrapEvt<T, R>(evt: Evt<T>, proc: (v: T) => R): Evt<Awaited<R>> {
  check('wrap-evt', isEvt, 'evt?', evt);
  check('wrap-evt', isProcedure, 'procedure?', proc);
  return new WrapEvt(evt, proc) as Evt<Awaited<R>>;
}

/**
 * An event ready when `evt` is, whose result is `proc` applied to `evt`'s result (Racket:
 * `handle-evt`). Like {@link wrapEvt}; in Racket `proc` runs in tail position with respect to
 * the `sync`. Here the two differ in name only: neither runs `proc` with breaks disabled.
 *
 * @throws {@link ExnFailContract} if `evt` is not an event or `proc` is not a function.
 * @example
 * ```ts
 * const next = await sync(
 *   handleEvt(readLineEvt(input), (line) => ({ line })),
 *   handleEvt(alarmEvt(currentInexactMilliseconds() + 1000), () => ({ idle: true })),
 * );
 * ```
 */
export function handleEvt<T, R>(evt: Evt<T>, proc: (v: T) => R): Evt<Awaited<R>> {
  check('handle-evt', isEvt, 'evt?', evt);
  check('handle-evt', isProcedure, 'procedure?', proc);
  return new WrapEvt(evt, proc, true) as Evt<Awaited<R>>;
}

/**
 * An event made afresh by `thunk` each time a `sync` uses it (Racket: `guard-evt`): `thunk`
 * runs when the `sync` starts, and its event takes part in the choice. If `thunk` returns
 * something other than an event, that stands for an event ready at once whose result is the
 * guard event itself, as in Racket. What `thunk` raises, the `sync` raises.
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function.
 */
export function guardEvt<T>(thunk: () => Evt<T>): Evt<T> {
  check('guard-evt', isProcedure, '(any/c . -> . evt?)', thunk);
  return new GuardEvt(thunk);
}

/**
 * Like {@link guardEvt}, but `proc` is also given a *nack* event, which becomes ready (with
 * result `undefined`) if the `sync` ends without choosing the event `proc` made: another event
 * was chosen, or the `sync` timed out, was broken or killed (Racket: `nack-guard-evt`). Use it to
 * withdraw a request made in `proc`.
 *
 * @throws {@link ExnFailContract} if `proc` is not a function.
 */
export function nackGuardEvt<T>(proc: (nack: Evt<undefined>) => Evt<T>): Evt<T> {
  check('nack-guard-evt', isProcedure, '(procedure-arity-includes/c 1)', proc);
  return new NackGuardEvt(proc);
}

/**
 * An event that, once `evt` is chosen, is replaced by the event `proc` makes from `evt`'s
 * result; the `sync` then waits for that one and returns its result (Racket: `replace-evt`).
 * `evt` has taken effect by then; the replacement competes with the `sync`'s other events.
 *
 * @throws {@link ExnFailContract} if `evt` is not an event or `proc` is not a function.
 */
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

/** Always ready; its result is itself: `sync(alwaysEvt)` returns it (Racket: `always-evt`). */
export const alwaysEvt: Evt<Evt> = new AlwaysEvt();
/**
 * Never ready (Racket: `never-evt`). A thread waiting only on it does not keep the process
 * alive.
 */
export const neverEvt: Evt<never> = new NeverEvt();

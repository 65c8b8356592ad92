/**
 * Events beyond the combinators: `systemIdleEvt`, `pollGuardEvt`, and the `isHandleEvt`
 * predicate.
 */
import { check, isProcedure } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  ChoiceEvt,
  type Evt,
  GuardEvt,
  isEvt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WrapEvt,
} from './evt.js';

class SystemIdleEvt extends PrimitiveEvt<undefined> {
  poll(): NotReady {
    return NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    // Two turns of the event loop: every thread that could run (its continuation queued as a
    // microtask, or an I/O callback already due) has run and is waiting again.
    let immediate = setImmediate(() => {
      immediate = setImmediate(() => waiter.complete(undefined));
    });
    return () => clearImmediate(immediate);
  }

  [racketPrint](): string {
    return '#<system-idle-evt>';
  }
}

const systemIdle = new SystemIdleEvt();

/**
 * An event that is ready, with result `undefined`, when no other thread can run (Racket:
 * `system-idle-evt`): every thread is waiting. Polling it (`syncTimeout(0, …)`) never finds it
 * ready. racket-net cannot see into the event loop, so "idle" means: the event loop has gone
 * round twice, each time with no thread's work queued before it (no thread's continuation
 * pending as a microtask); a thread that waits on something other than racket-net (a bare
 * `await` of a JavaScript promise) counts as waiting. Always the same event. Never raises.
 */
export function systemIdleEvt(): Evt<undefined> {
  return systemIdle;
}

/**
 * Whether a `sync` that runs guards now is a poll: `syncTimeout` with `0` or a function as its
 * timeout. Set by `sync` around its flattening (see `withPolling`), read by `pollGuardEvt`.
 */
let polling = false;

/** Runs `flatten` with `pollGuardEvt` told whether this sync polls; restores the outer's. */
export function withPolling<T>(isPoll: boolean, flatten: () => T): T {
  const outer = polling;
  polling = isPoll;
  try {
    return flatten();
  } finally {
    polling = outer;
  }
}

class PollGuardEvt<T> extends GuardEvt<T> {
  [racketPrint](): string {
    return '#<evt>';
  }
}

/**
 * Like {@link guardEvt}, but `proc` is told whether the `sync` is a poll (Racket:
 * `poll-guard-evt`): `true` for `syncTimeout(0, …)` or a `syncTimeout` whose timeout is a
 * function, `false` for a sync that may wait. As in Racket 8.7, if `proc` returns something other
 * than an event, that value is the result of an event ready at once.
 *
 * @throws {@link ExnFailContract} if `proc` is not a function.
 */
export function pollGuardEvt<T>(proc: (isPoll: boolean) => Evt<T>): Evt<T> {
  check('poll-guard-evt', isProcedure, '(procedure-arity-includes/c 1)', proc);
  return new PollGuardEvt<T>(() => {
    const made: unknown = proc(polling);
    return (isEvt(made) ? made : new WrapEvt(new ReadyEvt(), () => made)) as Evt<T>;
  });
}

/** Ready at once (its result is replaced by the wrap around it). */
class ReadyEvt extends PrimitiveEvt<undefined> {
  poll(): undefined {
    return undefined;
  }
  watch(): Unwatch {
    return () => {};
  }
}

/**
 * Whether `evt` was made by {@link handleEvt}, or is a {@link choiceEvt} of at least one such
 * event (Racket: `handle-evt?`).
 *
 * @throws {@link ExnFailContract} if `evt` is not an event.
 */
export function isHandleEvt(evt: Evt): boolean {
  check('handle-evt?', isEvt, 'evt?', evt);
  return isHandle(evt);
}

function isHandle(evt: Evt): boolean {
  if (evt instanceof WrapEvt) return (evt as { tail?: unknown }).tail === true;
  if (evt instanceof ChoiceEvt) return (evt.evts as Evt[]).some(isHandle);
  return false;
}

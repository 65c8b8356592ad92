/** `callInNestedThread`: run a function in a thread of its own and wait for its outcome. */
import {
  type Custodian,
  currentCustodian,
  custodianShutDownError,
  isCustodian,
} from '../custodian/custodian.js';
import { type BreakKind, ExnBreakHangUp, ExnBreakTerminate, isExnBreak } from '../exn/exn.js';
import { check, failError, isProcedure } from '../exn/raise.js';
import { currentThreadCore, type Wait } from '../context/context.js';
import { parameterize } from '../parameter/parameter.js';
import { syncEvts } from '../evt/sync.js';
import { breakThread, thread } from './thread.js';

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

const breakKindOf = (error: unknown): BreakKind =>
  error instanceof ExnBreakTerminate
    ? 'terminate'
    : error instanceof ExnBreakHangUp
      ? 'hang-up'
      : false;

/**
 * Runs `thunk` in a new thread under `custodian` (default: the current custodian) and waits for
 * it to end (Racket: `call-in-nested-thread`): returns what `thunk` returns, or raises what it
 * raises, in the calling thread. The new thread starts with the current parameter values. A
 * break of the calling thread while it waits is passed on to the nested thread (which may
 * catch it, or end with it, raising it here); killing the calling thread kills it too.
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function or `custodian` is not a
 *   custodian, or if `custodian` has been shut down.
 * @throws {@link ExnFail} `call-in-nested-thread: the thread was killed, or it exited via the
 *   default error escape handler` if the nested thread is killed (or its custodian shut down)
 *   before `thunk` ends.
 * @throws what `thunk` raises.
 */
export async function callInNestedThread<T>(
  thunk: () => T,
  custodian?: Custodian,
): Promise<Awaited<T>> {
  const who = 'call-in-nested-thread';
  check(who, isProcedure, '(procedure-arity-includes/c 0)', thunk);
  const cust = check(who, isCustodian, 'custodian?', custodian ?? currentCustodian());
  if (cust.isShutDown) throw custodianShutDownError(who, cust);
  let outcome: Outcome | null = null;
  // The thread is made under `cust`, but `thunk` sees the caller's current custodian, as in
  // Racket.
  const callers = currentCustodian();
  const t = parameterize(currentCustodian, cust, () =>
    thread(async () => {
      try {
        outcome = { ok: true, value: await parameterize(currentCustodian, callers, thunk) };
      } catch (error) {
        // A kill unwinds the thread with an internal exception: not the thunk's outcome.
        if (!t.core.dead) outcome = { ok: false, error };
      }
    }),
  );
  // Killing the caller (or shutting its custodian down) kills the nested thread, as in Racket:
  // a wait of the caller's own that a kill ends.
  const caller = currentThreadCore();
  const killNested: Wait = {
    interruptForBreak: () => false,
    interruptForKill: () => t.die(),
  };
  caller.waits.add(killNested);
  try {
    for (;;) {
      try {
        await syncEvts(who, false, false, [t]);
        break;
      } catch (error) {
        if (!isExnBreak(error)) throw error;
        breakThread(t, breakKindOf(error));
      }
    }
  } finally {
    caller.waits.delete(killNested);
  }
  const o = outcome as Outcome | null;
  if (o === null) {
    throw failError(
      who,
      'the thread was killed, or it exited via the default error escape handler',
    );
  }
  if (!o.ok) throw o.error;
  return o.value as Awaited<T>;
}

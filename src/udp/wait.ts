/**
 * Blocking the calling thread: a `sync` on an event, so that a break, a kill or a custodian
 * shutdown (which closes the socket and so readies its events) ends the wait.
 */
import {
  currentFrame,
  currentThreadCore,
  exitIfKilled,
  type Frame,
  isBreakEnabledIn,
} from '../context/context.js';
import { nackGuardEvt } from '../evt/combinators.js';
import { type Evt, type PrimitiveEvt } from '../evt/evt.js';
import { syncEvts } from '../evt/sync.js';
import { makeBreakExn } from '../exn/exn.js';

/**
 * Syncs on `evt` and returns its result. `onAbandon` runs if the wait ends without `evt` being
 * chosen by a break or a kill, or if the thread is already dead: an operation holding its
 * turn (see `OperationOrder`) gives it up there, since a killed thread never resumes to do so.
 */
export function blockOn<T>(
  who: string,
  evt: Evt<T>,
  enableBreak: boolean,
  onAbandon?: () => void,
): Promise<T> {
  if (onAbandon === undefined) return syncEvts(who, false, enableBreak, [evt]) as Promise<T>;
  if (currentThreadCore().dead) {
    onAbandon();
    exitIfKilled();
  }
  const guarded = nackGuardEvt((nack) => {
    // The nack is ready once this sync ends without choosing `evt`: be told, as a sync would.
    (nack as PrimitiveEvt<undefined>).watch({ party: {}, wake: onAbandon, complete: () => false });
    return evt;
  });
  return syncEvts(who, false, enableBreak, [guarded]) as Promise<T>;
}

/**
 * What a `sync` does before it polls, for an operation that may complete without one: stops a
 * killed thread, and raises a break that is pending if breaks are enabled. Returns the
 * caller's frame.
 */
export function beforeAttempt(enableBreak: boolean): Frame {
  const frame = currentFrame();
  const thread = frame.thread;
  if (thread.dead) exitIfKilled();
  const pending = thread.takePendingBreak(enableBreak || isBreakEnabledIn(frame));
  if (pending !== null) throw makeBreakExn(pending);
  return frame;
}

/** Stops a killed thread here, before it changes anything (JavaScript runs it on otherwise). */
export { exitIfKilled };

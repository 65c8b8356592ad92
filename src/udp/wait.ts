/**
 * Blocking the calling thread, the one way every UDP operation waits: a `sync` on an event, so
 * that a break, a kill or a custodian shutdown (which closes the socket and so readies its
 * events) ends the wait.
 */
import { currentThreadCore, exitIfKilled } from '../context/context.js';
import { nackGuardEvt } from '../evt/combinators.js';
import { type Evt, type PrimitiveEvt } from '../evt/evt.js';
import { syncEvts } from '../evt/sync.js';

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

/** Stops a killed thread here, before it changes anything (JavaScript runs it on otherwise). */
export { exitIfKilled };

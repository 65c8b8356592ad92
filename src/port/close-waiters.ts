/**
 * Waiters for a port's close (`portClosedEvt`), kept beside the ports rather than in them: few
 * ports ever have one, and a field would cost each of a server's thousands of ports.
 */
import { WaiterSet } from '../evt/evt.js';

const closeWaiters = new WeakMap<object, WaiterSet>();

export function closeWaitersOf(port: object): WaiterSet {
  let waiters = closeWaiters.get(port);
  if (waiters === undefined) closeWaiters.set(port, (waiters = new WaiterSet()));
  return waiters;
}

/** The port closed: syncs on its `portClosedEvt` may go on. */
export function wakeCloseWaiters(port: object): void {
  closeWaiters.get(port)?.wakeAll();
}

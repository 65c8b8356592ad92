/**
 * `runSoon`: runs a task in a microtask, after the code that is running now, the way a
 * waiter defers its poll when it is woken in the middle of someone else's operation.
 *
 * Not Node's `queueMicrotask`: that makes an `AsyncResource` and a bound function for every
 * call and runs each one inside async-hook scopes, which costs more than the poll it defers.
 * Here every task queued before the microtask runs shares it, in the order queued.
 */

/** Work to run in a microtask: an object, so that deferring makes no closure. */
export interface SoonTask {
  runSoonTask(): void;
}

const queue: SoonTask[] = [];
let scheduled = false;
const resolved = Promise.resolve();

function runQueued(): void {
  let i = 0;
  try {
    // Tasks queued while these run join this same pass, still in order.
    while (i < queue.length) queue[i++]!.runSoonTask();
  } finally {
    // Also after a throw (a bug: it is reported as an unhandled rejection): the rest still run.
    if (i === queue.length) queue.length = 0;
    else queue.splice(0, i);
    scheduled = false;
    if (queue.length > 0) schedule();
  }
}

function schedule(): void {
  scheduled = true;
  void resolved.then(runQueued);
}

/** Runs `task` in a microtask. It should not throw: its callers catch what their work raises. */
export function runSoon(task: SoonTask): void {
  queue.push(task);
  if (!scheduled) schedule();
}

/**
 * Ctrl-C as a Racket break: SIGINT breaks the given thread (the main thread by default), so the
 * accept or read it is blocked on raises `ExnBreak` and the command can shut down cleanly.
 * Only the first SIGINT is caught; a second one ends the process the usual way.
 */
import { currentThread, type Thread } from '../thread/thread.js';
import { breakOnAbort } from '../interop/break-on-abort.js';

export function breakOnSigint(t: Thread = currentThread()): () => void {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const stopBreaking = breakOnAbort(controller.signal, t);
  return () => {
    stopBreaking();
    process.off('SIGINT', onSigint);
  };
}

/**
 * Ctrl-C as a Racket break: SIGINT breaks the given thread (the main thread by default), so the
 * accept or read it is blocked on raises `ExnBreak` and the command can shut down cleanly.
 * Only the first SIGINT is caught; a second one ends the process the usual way.
 */
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';
import { isExnBreak } from '../exn/exn.js';
import { breakOnAbort } from '../interop/break-on-abort.js';
import { parameterize } from '../parameter/parameter.js';
import { currentThread, type Thread } from '../thread/thread.js';

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

/**
 * Runs `body` under a fresh custodian until Ctrl-C breaks the main thread (a break is the
 * normal end, not a failure); whatever `body` opened is closed when it ends either way.
 */
export async function untilInterrupted(body: () => Promise<void>): Promise<void> {
  const server = makeCustodian();
  const stopBreaking = breakOnSigint();
  try {
    await parameterize(currentCustodian, server, body);
  } catch (error) {
    if (!isExnBreak(error)) throw error;
  } finally {
    stopBreaking();
    custodianShutdownAll(server);
  }
}

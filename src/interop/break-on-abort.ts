/**
 * Breaks from an `AbortSignal`: the JavaScript way to cancel meets Racket's `break-thread`.
 *
 * `breakOnAbort(signal, t)` breaks thread `t` when `signal` aborts (at once if it already has),
 * so whatever `t` is blocked on (a read, an accept, a `sync`) raises `ExnBreak` and commits
 * nothing. `callWithAbortSignal(signal, thunk)` runs `thunk` in a new racket-net thread that
 * the signal breaks, and resolves to its result (or rejects with the `ExnBreak`).
 */
import { type BreakKind } from '../exn/exn.js';
import { check, isProcedure } from '../exn/raise.js';
import { parameterizeBreak } from '../thread/break.js';
import {
  breakThread,
  currentThread,
  isBreakKind,
  isThread,
  type Thread,
  thread,
  threadWait,
} from '../thread/thread.js';

/** Returns a disposer that stops listening (call it once the guarded work is done). */
export function breakOnAbort(
  signal: AbortSignal,
  target: Thread | null = null,
  breakKind: BreakKind | null = null,
): () => void {
  check('break-on-abort', (v) => v instanceof AbortSignal, 'AbortSignal?', signal);
  const t = check('break-on-abort', isThread, 'thread?', target ?? currentThread());
  const kind = check(
    'break-on-abort',
    isBreakKind,
    "(or/c #f 'hang-up 'terminate)",
    breakKind ?? false,
  );
  const onAbort = (): void => {
    // The listener runs in the context of whoever aborts, which may be `t` itself; breaking
    // the running thread with breaks enabled would raise here, inside the signal's dispatcher.
    // With breaks disabled, the break ends `t`'s current wait or waits for its next one.
    parameterizeBreak(false, () => breakThread(t, kind));
  };
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

export async function callWithAbortSignal<T>(
  signal: AbortSignal,
  thunk: () => T | Promise<T>,
): Promise<T> {
  check('call-with-abort-signal', (v) => v instanceof AbortSignal, 'AbortSignal?', signal);
  check('call-with-abort-signal', isProcedure, '(-> any)', thunk);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  const t = thread(async () => {
    try {
      outcome = { ok: true, value: await thunk() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  const dispose = breakOnAbort(signal, t);
  try {
    await threadWait(t);
  } finally {
    dispose();
  }
  if (outcome === undefined) throw signal.reason ?? new Error('thread was killed');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

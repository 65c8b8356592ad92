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

/**
 * Breaks `target` (default: the current thread) with a break of `breakKind` when `signal`
 * aborts, or at once if it already has: whatever the thread is blocked on (a read, an accept, a
 * `sync`) raises {@link ExnBreak} and does nothing. Not in Racket: the bridge from JavaScript's
 * way to cancel to `break-thread`. Returns a function that stops listening: call it once the
 * guarded work is done.
 *
 * @throws {@link ExnFailContract} if `signal` is not an `AbortSignal`, `target` is not a thread
 *   or `breakKind` is not a break kind.
 * @example
 * ```ts
 * const stop = breakOnAbort(AbortSignal.timeout(5000));
 * try {
 *   const [input, output] = await tcpAccept(listener); // ExnBreak after 5 s
 * } finally {
 *   stop();
 * }
 * ```
 */
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

/**
 * Runs `thunk` in a new thread that `signal` breaks (see {@link breakOnAbort}), and resolves to
 * its result, or rejects with what it raised: the {@link ExnBreak} if `signal` aborted while
 * it waited. Not in Racket. For an API that takes an `AbortSignal`.
 *
 * @throws {@link ExnFailContract} if `signal` is not an `AbortSignal` or `thunk` is not a
 *   function.
 * @throws what `thunk` raises; `signal.reason` if the thread was killed before it finished.
 */
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

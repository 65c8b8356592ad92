/**
 * Break control: `breakEnabled`, `parameterizeBreak`, `checkForBreak`.
 * A break that arrives while breaks are disabled stays pending and is raised as soon as the
 * thread enables them (here, or at the start of a break-enabled wait).
 */
import {
  beginWait,
  Cell,
  currentFrame,
  exitIfKilled,
  isBreakEnabledIn,
  runInFrame,
} from '../context/context.js';
import { check, isProcedure, isThenable } from '../exn/raise.js';

/**
 * Raises a pending break now, if breaks are enabled in the current thread (Racket:
 * `check-for-break`); a thread that has been killed stops here. A racket-net thread cannot be
 * interrupted between two `await`s: call this in a long computation that never waits.
 *
 * @throws {@link ExnBreak} (or a subclass, for a `'hang-up'` or `'terminate'` break) if a break
 *   is pending and breaks are enabled.
 */
export function checkForBreak(): void {
  exitIfKilled();
  beginWait(currentFrame(), false);
}

/** Whether breaks are enabled in the current thread (Racket: `(break-enabled)`). */
export function breakEnabled(): boolean;
/**
 * Enables (`on` truthy) or disables breaks in the current thread (Racket: `(break-enabled on)`),
 * until the end of the enclosing {@link parameterizeBreak}, if any.
 *
 * @throws {@link ExnBreak} at once if breaks are now enabled and a break is pending.
 */
export function breakEnabled(on: unknown): void;
export function breakEnabled(...args: [] | [unknown]): boolean | void {
  const frame = currentFrame();
  if (args.length === 0) return isBreakEnabledIn(frame);
  frame.thread.setCell(frame.breakCell, Boolean(args[0]));
  checkForBreak();
}

/**
 * Runs `thunk` with breaks enabled (`on` truthy) or disabled, for its whole dynamic extent
 * (across `await`), and returns its result (Racket: `parameterize-break`). Disabling breaks
 * around an operation makes it run to completion even if the thread is broken meanwhile; the
 * break stays pending.
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function.
 * @throws {@link ExnBreak} before `thunk` runs if breaks are enabled and a break is pending.
 */
export function parameterizeBreak<R>(on: unknown, thunk: () => R): R {
  check('parameterize-break', isProcedure, '(-> any)', thunk);
  const frame = currentFrame();
  let result: R;
  try {
    result = runInFrame({ ...frame, breakCell: new Cell(Boolean(on)) }, () => {
      checkForBreak();
      return thunk();
    });
  } catch (error) {
    // An exception that leaves restores the outer break state on its way out: a break that is
    // pending and now enabled is raised in its place, as in Racket (not on a normal return).
    checkForBreak();
    throw error;
  }
  if (!isThenable(result)) return result;
  return result.then(undefined, (error: unknown) => {
    checkForBreak();
    throw error;
  }) as R;
}

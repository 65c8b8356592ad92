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
import { check, isProcedure } from '../exn/raise.js';

/** Raises a pending break now, if breaks are enabled; a killed thread stops here. */
export function checkForBreak(): void {
  exitIfKilled();
  beginWait(currentFrame(), false);
}

/** `breakEnabled()` tells whether breaks are enabled; `breakEnabled(on)` sets it for this thread. */
export function breakEnabled(): boolean;
export function breakEnabled(on: unknown): void;
export function breakEnabled(...args: [] | [unknown]): boolean | void {
  const frame = currentFrame();
  if (args.length === 0) return isBreakEnabledIn(frame);
  frame.thread.setCell(frame.breakCell, Boolean(args[0]));
  checkForBreak();
}

/** Runs `thunk` with breaks enabled (`on` true) or disabled, for its whole dynamic extent. */
export function parameterizeBreak<R>(on: unknown, thunk: () => R): R {
  check('parameterize-break', isProcedure, '(-> any)', thunk);
  const frame = currentFrame();
  return runInFrame({ ...frame, breakCell: new Cell(Boolean(on)) }, () => {
    checkForBreak();
    return thunk();
  });
}

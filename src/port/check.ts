/** Argument checks shared by the port functions (one place, Racket's contract names). */
import { check, checkNonnegativeInteger, contractError } from '../exn/raise.js';
import { type InputPort, isInputPort, type LineMode } from './input-port.js';
import { isOutputPort, type OutputPort } from './output-port.js';

export const checkInputPort = (who: string, v: unknown): InputPort =>
  check(who, isInputPort, 'input-port?', v);
export const checkOutputPort = (who: string, v: unknown): OutputPort =>
  check(who, isOutputPort, 'output-port?', v);

export { checkBytesRange } from '../exn/raise.js';

export const checkAmount = (who: string, amt: unknown): number => checkNonnegativeInteger(who, amt);

const LINE_MODES: readonly string[] = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];

export function checkLineMode(who: string, mode: unknown): LineMode {
  if (mode == null) return 'linefeed';
  if (typeof mode !== 'string' || !LINE_MODES.includes(mode)) {
    throw contractError(who, "(or/c 'linefeed 'return 'return-linefeed 'any 'any-one)", mode);
  }
  return mode as LineMode;
}

/** Progress evts are not supported: only `false` (or nothing) is accepted. */
export function checkNoProgressEvt(who: string, progress: unknown): void {
  if (progress != null && progress !== false)
    throw contractError(who, '(or/c #f progress-evt?)', progress);
}

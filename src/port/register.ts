/** Puts new ports under a custodian: a shutdown closes them without flushing. */
import { type Custodian } from '../custodian/custodian.js';
import { type InputPort } from './input-port.js';
import { type OutputPort } from './output-port.js';

export function registerPorts(
  who: string,
  custodian: Custodian,
  input: InputPort,
  output: OutputPort,
): void {
  // Both or neither: only a shut-down custodian refuses, and then it refuses the first.
  input.manageBy(who, custodian);
  output.manageBy(who, custodian);
}

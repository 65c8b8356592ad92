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
  const unregisterInput = custodian.register(who, input, () => input.close());
  let unregisterOutput: () => void;
  try {
    unregisterOutput = custodian.register(who, output, () => output.abort());
  } catch (error) {
    unregisterInput();
    throw error;
  }
  input.setOnClose(unregisterInput);
  output.setOnClose(unregisterOutput);
}

/** Puts one port made by an interop bridge under the current custodian, as every port is. */
import { currentCustodian } from '../custodian/custodian.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';

export function registerInputPort(who: string, port: InputPort): void {
  port.setOnClose(currentCustodian().register(who, port, () => port.close()));
}

/** A shutdown closes the port without flushing (unflushed output is discarded, as in Racket). */
export function registerOutputPort(who: string, port: OutputPort): void {
  port.setOnClose(currentCustodian().register(who, port, () => port.abort()));
}

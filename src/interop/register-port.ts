/** Puts one port made by an interop bridge under the current custodian, as every port is. */
import { currentCustodian } from '../custodian/custodian.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';

/** A shutdown closes the port (an output port without flushing, as in Racket). */
export function registerPort(who: string, port: InputPort | OutputPort): void {
  port.manageBy(who, currentCustodian());
}

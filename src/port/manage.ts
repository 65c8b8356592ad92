/** Puts new ports under a custodian, as every port is: a shutdown closes them without flushing. */
import { type Custodian, currentCustodian } from '../custodian/custodian.js';
import { type InputPort } from './input-port.js';
import { type OutputPort } from './output-port.js';

/**
 * Puts `ports` under `custodian` (the current one by default); raises, as `who`, if it has been
 * shut down. Both of a pair or neither: only a shut-down custodian refuses, and it refuses the
 * first.
 */
export function managePorts(
  who: string,
  ports: readonly (InputPort | OutputPort)[],
  custodian: Custodian = currentCustodian(),
): void {
  for (const port of ports) port.manageBy(who, custodian);
}

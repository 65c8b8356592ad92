/** A custodian per test file. */
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';

/**
 * Puts everything a test file opens under one custodian, shut down when the file's tests are
 * done, so that ports and sockets a test leaves open do not keep the process alive.
 */
export function useTestCustodian(after: (fn: () => void) => void): void {
  const custodian = makeCustodian();
  currentCustodian(custodian);
  after(() => custodianShutdownAll(custodian));
}

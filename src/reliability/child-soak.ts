/**
 * Soak, run by `leaks.test.ts` as `node --expose-gc child-soak.js ITERATIONS SECONDS`: each
 * iteration makes a custodian, connects to a listener, echoes a few KiB, closes both ends,
 * starts threads (one finishing, one blocked forever) and shuts the custodian down. Stops after
 * ITERATIONS or SECONDS, whichever comes first. Afterwards the open sockets, the active handles,
 * the custodian's managed list and the heap (after `gc()`) must be back where they started.
 * Prints `RESULT {…}`.
 */
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  currentCustodian,
  custodianShutdownAll,
  makeCustodian,
  makeSemaphore,
  parameterize,
  portToBytes,
  semaphoreWait,
  tcpAccept,
  tcpAddresses,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  writeBytes,
} from '../index.js';
import { soak } from './soak.js';
import { patternBytes, printResult, sameBytes } from './support.js';

const iterations = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 30);

const root = currentCustodian();
const parent = makeCustodian();
const listener = await parameterize(currentCustodian, parent, () =>
  tcpListen(0, 16, false, '127.0.0.1'),
);
const port = tcpAddresses(listener, true)[1];

async function iteration(i: number): Promise<void> {
  const c = makeCustodian(parent);
  await parameterize(currentCustodian, c, async () => {
    const server = thread(async () => {
      const [si, so] = await tcpAccept(listener);
      await copyPort(si, so);
      closeInputPort(si);
      await closeOutputPort(so);
    });
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    const data = patternBytes(i, 4096);
    const reading = portToBytes(ci);
    await writeBytes(data, co);
    await closeOutputPort(co);
    const back = await reading;
    closeInputPort(ci);
    if (!sameBytes(back, data)) throw new Error(`iteration ${i}: echo differs`);
    await threadWait(server);
    // A thread that finishes and one blocked forever (killed by the shutdown).
    await threadWait(thread(async () => {}));
    thread(() => semaphoreWait(makeSemaphore(0)));
  });
  custodianShutdownAll(c);
}

// Warm up (module caches, JIT) with 20 iterations, then take the baseline.
const figures = await soak({ warmUp: 20, iterations, seconds, iteration, parent, root });
custodianShutdownAll(parent); // closes the listener too
printResult({
  ...figures,
  connectionsOpenedAndClosed: figures.iterations,
  threadsStarted: 3 * figures.iterations,
  custodiansShutDown: figures.iterations,
});

/**
 * Example: a concurrent TCP echo server.
 *   node dist/examples/echo-server.js [PORT]      then: npx rnet connect 127.0.0.1 PORT
 *
 * Each connection gets its own thread; everything belongs to one custodian, so `stop()` (one
 * `custodianShutdownAll`) closes the listener, every connection and every thread at once.
 */
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  currentCustodian,
  custodianShutdownAll,
  fileStreamBufferMode,
  makeCustodian,
  parameterize,
  tcpAccept,
  tcpAddresses,
  tcpListen,
  thread,
} from '../index.js';
import { isMainModule } from './run-main.js';

export interface Server {
  readonly port: number;
  stop(): void;
}

export async function startEchoServer(port = 0, host = '127.0.0.1'): Promise<Server> {
  const custodian = makeCustodian();
  return parameterize(currentCustodian, custodian, async () => {
    const listener = await tcpListen(port, 16, true, host);
    thread(async () => {
      for (;;) {
        const [input, output] = await tcpAccept(listener);
        thread(async () => {
          fileStreamBufferMode(output, 'none'); // echo each chunk as it comes
          await copyPort(input, output);
          closeInputPort(input);
          await closeOutputPort(output); // the client said EOF; so do we
        });
      }
    });
    const [, actualPort] = tcpAddresses(listener, true);
    return { port: actualPort, stop: () => custodianShutdownAll(custodian) };
  });
}

if (isMainModule(import.meta.url)) {
  const server = await startEchoServer(Number(process.argv[2] ?? 0));
  console.log(`echo server on 127.0.0.1:${server.port} (Ctrl-C stops it)`);
}

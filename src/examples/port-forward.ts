/**
 * Example: a port-forwarding proxy.
 *   node dist/examples/port-forward.js LOCAL-PORT TARGET-HOST TARGET-PORT
 *
 * Each connection is copied both ways by two threads. When one side closes its output (a
 * half-close), the proxy closes its output to the other side, and only that: the reverse
 * direction keeps flowing until it ends too. Each connection pair gets its own custodian,
 * so a failure on either side closes both (and nothing else).
 */
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  currentCustodian,
  custodianShutdownAll,
  fileStreamBufferMode,
  type InputPort,
  makeCustodian,
  type OutputPort,
  parameterize,
  tcpAccept,
  tcpAddresses,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
} from '../index.js';
import { isMainModule } from './run-main.js';
import { type Server } from './echo-server.js';

export async function startPortForward(
  localPort: number,
  targetHost: string,
  targetPort: number,
  host = '127.0.0.1',
): Promise<Server> {
  const server = makeCustodian();
  return parameterize(currentCustodian, server, async () => {
    const listener = await tcpListen(localPort, 16, true, host);
    thread(async () => {
      for (;;) {
        const pair = makeCustodian(server);
        const [clientIn, clientOut] = await parameterize(currentCustodian, pair, () =>
          tcpAccept(listener),
        );
        parameterize(currentCustodian, pair, () =>
          thread(async () => {
            try {
              const [targetIn, targetOut] = await tcpConnect(targetHost, targetPort);
              const up = thread(() => forward(clientIn, targetOut));
              const down = thread(() => forward(targetIn, clientOut));
              await threadWait(up);
              await threadWait(down);
            } finally {
              custodianShutdownAll(pair); // whatever is still open, on either side
            }
          }),
        );
      }
    });
    const [, actualPort] = tcpAddresses(listener, true);
    return { port: actualPort, stop: () => custodianShutdownAll(server) };
  });
}

/** One direction: copy until EOF, then pass the EOF on as a half-close. */
async function forward(from: InputPort, to: OutputPort): Promise<void> {
  fileStreamBufferMode(to, 'none');
  await copyPort(from, to);
  closeInputPort(from);
  await closeOutputPort(to);
}

if (isMainModule(import.meta.url)) {
  const [localPort, targetHost, targetPort] = process.argv.slice(2);
  if (targetHost === undefined || targetPort === undefined) {
    console.error('usage: port-forward LOCAL-PORT TARGET-HOST TARGET-PORT');
    process.exit(2);
  }
  const proxy = await startPortForward(Number(localPort), targetHost, Number(targetPort));
  console.log(`forwarding 127.0.0.1:${proxy.port} -> ${targetHost}:${targetPort}`);
}

/**
 * `rnet demo`: a short tour of racket-net on loopback, printing what happens as it happens.
 * Everything runs in this process: servers are racket-net threads, clients the main thread.
 */
import { type Evt } from '../evt/evt.js';
import { alarmEvt, currentInexactMilliseconds } from '../evt/time.js';
import { handleEvt } from '../evt/combinators.js';
import { sync } from '../evt/sync.js';
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { isEofObject } from '../port/eof.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { readLineEvt } from '../port/port-evts.js';
import { portToString } from '../port/port-lib.js';
import { flushOutput, writeString } from '../port/write.js';
import { tcpAccept, tcpAcceptEvt } from '../tcp/accept.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpConnect } from '../tcp/connect.js';
import { tcpListen } from '../tcp/listener.js';
import { thread, threadWait } from '../thread/thread.js';
import { parseCommand } from './args.js';
import { DEMO_HELP } from './help.js';
import { pump } from './stdio.js';
import { openUdpDemo } from './demo-udp.js';

const HOST = '127.0.0.1';

function say(line: string): void {
  process.stdout.write(line + '\n');
}

const show = (s: string): string => JSON.stringify(s);

export async function demoCommand(args: string[]): Promise<number> {
  if (parseCommand(args, []).help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  // Everything the demo opens belongs to one custodian, shut down at the end.
  const custodian = makeCustodian();
  try {
    await parameterize(currentCustodian, custodian, async () => {
      say('racket-net demo (everything runs on 127.0.0.1)');
      await tcpEchoWithHalfClose();
      const udp = await openUdpDemo(say);
      await syncOverFourEvents(udp?.datagramEvt ?? null, udp?.sendDatagram ?? null);
    });
  } finally {
    custodianShutdownAll(custodian);
  }
  say('\ndone.');
  return 0;
}

async function tcpEchoWithHalfClose(): Promise<void> {
  say('\n1. TCP echo with a half-close');
  const listener = await tcpListen(0, 4, true, HOST);
  const [, port] = tcpAddresses(listener, true);
  say(`   server  listening on ${HOST}:${port}`);
  const server = thread(async () => {
    const [input, output] = await tcpAccept(listener);
    const n = await pump(input, output);
    say(`   server  echoed ${n} bytes; saw the client's EOF, so closes its output too`);
    closeInputPort(input);
    await closeOutputPort(output);
  });
  const [input, output] = await tcpConnect(HOST, port);
  const message = 'hello\nracket-net\n';
  await writeString(message, output);
  say(`   client  sends ${show(message)} and closes its output (FIN; input stays open)`);
  await closeOutputPort(output);
  const reply = await portToString(input);
  say(`   client  reads ${show(reply)}, then EOF`);
  closeInputPort(input);
  await threadWait(server);
}

/**
 * One `sync` over four events, run four times: each time exactly one becomes ready, it alone
 * takes effect (the accept accepts, the read reads), and the others do nothing.
 */
async function syncOverFourEvents(
  datagramEvt: Evt<string> | null,
  sendDatagram: ((text: string) => Promise<void>) | null,
): Promise<void> {
  say(
    `\n${datagramEvt ? 3 : 2}. one sync over an accept, a read, ${datagramEvt ? 'a datagram ' : ''}and a timeout`,
  );
  const listener = await tcpListen(0, 4, true, HOST);
  const [, port] = tcpAddresses(listener, true);
  // A connection whose server side the read event waits on.
  const [, talker] = await tcpConnect(HOST, port);
  const [heard] = await tcpAccept(listener);

  const once = async (): Promise<string> => {
    const evts: Evt<string>[] = [
      handleEvt(tcpAcceptEvt(listener), ([input, output]) => {
        const [, , remote, remotePort] = tcpAddresses(input, true);
        closeInputPort(input);
        void closeOutputPort(output);
        return `accept   -> a connection from ${remote}:${remotePort}`;
      }),
      handleEvt(readLineEvt(heard), (line) =>
        isEofObject(line) ? 'read     -> EOF' : `read     -> ${show(line)}`,
      ),
      handleEvt(
        alarmEvt(currentInexactMilliseconds() + 200),
        () => 'timeout  -> 0.2 s passed with nothing ready',
      ),
    ];
    if (datagramEvt) evts.push(datagramEvt);
    return sync(...evts);
  };

  say(`   nothing is ready yet:        ${await once()}`);
  const client = await tcpConnect(HOST, port);
  say(`   a client connects:           ${await once()}`);
  await writeString('ping\n', talker);
  await flushOutput(talker);
  say(`   a line arrives:              ${await once()}`);
  if (sendDatagram) {
    await sendDatagram('pong');
    say(`   a datagram arrives:          ${await once()}`);
  }
  closeInputPort(client[0]);
  await closeOutputPort(client[1]);
}

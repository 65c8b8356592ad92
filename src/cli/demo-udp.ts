/**
 * The UDP parts of `rnet demo`: a bound socket answered by an echo thread, one round trip, and
 * the datagram event that the demo's `sync` waits on alongside an accept, a read and a timeout.
 * The sockets and the thread belong to the demo's custodian, which closes them at the end.
 */
import { type Evt } from '../evt/evt.js';
import { handleEvt } from '../evt/combinators.js';
import { sync } from '../evt/sync.js';
import { thread } from '../thread/thread.js';
import { udpAddresses } from '../udp/addresses.js';
import { udpBind, udpOpenSocket } from '../udp/lifecycle.js';
import { udpReceive, udpReceiveEvt, udpReceiveReadyEvt } from '../udp/receive.js';
import { udpSendTo } from '../udp/send.js';
import { type Udp } from '../udp/socket.js';

export interface UdpDemo {
  /** Ready when a datagram has come back to the client; its result describes it. */
  readonly datagramEvt: Evt<string>;
  /** Sends `text` to the echo server; resolves once the echo is waiting at the client. */
  readonly sendDatagram: (text: string) => Promise<void>;
}

const HOST = '127.0.0.1';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const show = (s: string): string => JSON.stringify(s);

async function loopbackSocket(): Promise<[Udp, number]> {
  const socket = await udpOpenSocket(HOST);
  await udpBind(socket, HOST, 0);
  return [socket, udpAddresses(socket, true)[1]];
}

export async function openUdpDemo(say: (line: string) => void): Promise<UdpDemo> {
  say('\n2. UDP round trip');
  const [server, serverPort] = await loopbackSocket();
  say(`   server  bound to ${HOST}:${serverPort}; a thread sends each datagram back`);
  thread(async () => {
    const buffer = new Uint8Array(65507);
    for (;;) {
      const [length, from, fromPort] = await udpReceive(server, buffer);
      await udpSendTo(server, from, fromPort, buffer, 0, length);
    }
  });

  const [client, clientPort] = await loopbackSocket();
  const buffer = new Uint8Array(65507);
  const message = 'hello';
  await udpSendTo(client, HOST, serverPort, encoder.encode(message));
  say(`   client  sends ${show(message)} from ${HOST}:${clientPort}`);
  const [length, from, fromPort] = await udpReceive(client, buffer);
  say(
    `   client  receives ${show(decoder.decode(buffer.subarray(0, length)))} from ${from}:${fromPort}`,
  );

  return {
    // Receives into `buffer` only when this event is the one `sync` chooses.
    datagramEvt: handleEvt(
      udpReceiveEvt(client, buffer),
      ([n, host, port]) =>
        `datagram -> ${show(decoder.decode(buffer.subarray(0, n)))} from ${host}:${port}`,
    ),
    sendDatagram: async (text) => {
      await udpSendTo(client, HOST, serverPort, encoder.encode(text));
      await sync(udpReceiveReadyEvt(client));
    },
  };
}

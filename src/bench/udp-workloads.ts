/**
 * UDP ping-pong, with racket-net (`udpSendTo` / `udpReceive`) and with raw `node:dgram`.
 * racket-net's UDP layer is loaded by name, so the benchmark builds (and reports the workload
 * as pending) while it is not there yet.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { type Measurement } from './config.js';
import { elapsedMs, rate } from './measure.js';

type UdpSocket = object;
interface UdpApi {
  udpOpenSocket(host?: string | false, port?: number | false): Promise<UdpSocket>;
  udpBind(socket: UdpSocket, host: string | false, port: number): Promise<void>;
  udpSendTo(socket: UdpSocket, host: string, port: number, bytes: Uint8Array): Promise<unknown>;
  udpReceive(socket: UdpSocket, bytes: Uint8Array): Promise<[number, string, number]>;
  udpClose(socket: UdpSocket): void;
  udpAddresses(socket: UdpSocket, portNumbers: true): [string, number, string, number];
  thread(proc: () => Promise<void>): object;
  threadWait(t: object): Promise<void>;
}

/** racket-net's UDP API, or `null` while `src/udp` is not part of the build. */
export async function loadUdpApi(): Promise<UdpApi | null> {
  const api = (await import('../index.js')) as unknown as Partial<UdpApi>;
  return typeof api.udpOpenSocket === 'function' ? (api as UdpApi) : null;
}

export async function rnetUdpPingPong(rounds: number, size: number): Promise<Measurement> {
  const udp = await loadUdpApi();
  if (udp === null) throw new Error('udp-pingpong: racket-net UDP (src/udp) is not built yet');
  const server = await udp.udpOpenSocket('127.0.0.1');
  await udp.udpBind(server, '127.0.0.1', 0);
  const client = await udp.udpOpenSocket('127.0.0.1');
  await udp.udpBind(client, '127.0.0.1', 0);
  const [, serverPort] = udp.udpAddresses(server, true);
  const [, clientPort] = udp.udpAddresses(client, true);
  const echo = udp.thread(async () => {
    const buffer = new Uint8Array(size);
    for (let i = 0; i < rounds; i++) {
      const [n] = await udp.udpReceive(server, buffer);
      await udp.udpSendTo(server, '127.0.0.1', clientPort, buffer.subarray(0, n));
    }
  });
  const request = new Uint8Array(size).fill(7);
  const reply = new Uint8Array(size);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    await udp.udpSendTo(client, '127.0.0.1', serverPort, request);
    const [n] = await udp.udpReceive(client, reply);
    if (n === size) count++;
  }
  const ms = elapsedMs(start);
  await udp.threadWait(echo);
  udp.udpClose(client);
  udp.udpClose(server);
  return { value: rate(count, ms), count, ms };
}

export async function nodeUdpPingPong(rounds: number, size: number): Promise<Measurement> {
  const server = createSocket('udp4');
  const client = createSocket('udp4');
  server.bind(0, '127.0.0.1');
  client.bind(0, '127.0.0.1');
  await Promise.all([once(server, 'listening'), once(client, 'listening')]);
  const serverPort = server.address().port;
  server.on('message', (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address));
  const request = Buffer.alloc(size, 7);
  let count = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    client.on('message', (msg) => {
      if (msg.length === size) count++;
      if (count === rounds) resolve();
      else client.send(request, serverPort, '127.0.0.1');
    });
    client.send(request, serverPort, '127.0.0.1');
  });
  const ms = elapsedMs(start);
  client.close();
  server.close();
  return { value: rate(count, ms), count, ms };
}

/**
 * Example: a UDP request/response service, and a client that retries when no reply comes.
 *   node dist/examples/udp-service.js [PORT]      then: npx rnet connect --udp 127.0.0.1 PORT
 *
 * Each request is one datagram and so is its reply. UDP may lose either, so the client waits
 * for the reply with `syncTimeout` and sends the request again when the time runs out. That
 * is safe because the requests are idempotent: a late reply to an earlier try is as good as
 * the reply to the last one.
 */
import {
  currentCustodian,
  custodianShutdownAll,
  ExnFail,
  makeCustodian,
  parameterize,
  syncTimeout,
  thread,
  udpAddresses,
  udpBind,
  udpClose,
  udpConnect,
  udpOpenSocket,
  udpReceive,
  udpReceiveEvt,
  udpSend,
  udpSendTo,
} from '../index.js';
import { isMainModule } from './run-main.js';
import { type Server } from './echo-server.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Answers each request with `respond(request)`; `null` means no answer (a lost reply). */
export async function startUdpService(
  respond: (request: string) => string | null,
  port = 0,
  host = '127.0.0.1',
): Promise<Server> {
  const custodian = makeCustodian();
  return parameterize(currentCustodian, custodian, async () => {
    const socket = await udpOpenSocket(host);
    await udpBind(socket, host, port);
    thread(async () => {
      const buffer = new Uint8Array(65507);
      for (;;) {
        const [length, from, fromPort] = await udpReceive(socket, buffer);
        const reply = respond(decoder.decode(buffer.subarray(0, length)));
        if (reply !== null) await udpSendTo(socket, from, fromPort, encoder.encode(reply));
      }
    });
    const [, actualPort] = udpAddresses(socket, true);
    return { port: actualPort, stop: () => custodianShutdownAll(custodian) };
  });
}

/** Sends `request` and returns the reply, trying `tries` times, `timeout` seconds each. */
export async function udpRequest(
  host: string,
  port: number,
  request: string,
  { timeout = 0.5, tries = 3 } = {},
): Promise<string> {
  const socket = await udpOpenSocket(host);
  try {
    await udpConnect(socket, host, port); // datagrams from anywhere else are not received
    const buffer = new Uint8Array(65507);
    for (let attempt = 1; attempt <= tries; attempt++) {
      await udpSend(socket, encoder.encode(request));
      const received = await syncTimeout(timeout, udpReceiveEvt(socket, buffer));
      if (received !== false) return decoder.decode(buffer.subarray(0, received[0]));
    }
    throw new ExnFail(
      `udp-request: no reply after ${tries} tries\n  host: ${host}\n  port: ${port}`,
    );
  } finally {
    udpClose(socket);
  }
}

if (isMainModule(import.meta.url)) {
  const server = await startUdpService(
    (request) => request.toUpperCase(),
    Number(process.argv[2] ?? 0),
  );
  console.log(`upper-case service on 127.0.0.1:${server.port} (Ctrl-C stops it)`);
}

/**
 * The TLS rows: handshakes one after another, and bulk one way over one connection, racket-net
 * (its public API, `racket-net/ssl`) against idiomatic raw `node:tls`. Both ends in this process,
 * as in the TCP rows; the server has the test certificate (`fixtures/tls/`), and every client
 * verifies the chain against the test CA and the name 127.0.0.1 (full handshakes: no session
 * resumption in any of the three). Bulk is TCP's (`rnet-workloads.ts`, `node-workloads.ts`) over
 * the transports here.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  type TLSSocket,
  connect as tlsConnect,
  createSecureContext,
  createServer,
  type Server,
} from 'node:tls';
import { fileURLToPath } from 'node:url';
import { closeInputPort, closeOutputPort, flushOutput, readByte, writeBytes } from '../index.js';
import {
  type SslClientContext,
  sslAccept,
  sslAddresses,
  sslClose,
  sslConnect,
  sslListen,
  sslLoadVerifySource,
  sslMakeClientContext,
  sslMakeServerContext,
  sslSetVerify,
  sslSetVerifyHostname,
} from '../ssl/index.js';
import { type Measurement } from './config.js';
import { elapsedMs, rate } from './measure.js';
import { type NodeListener } from './node-workloads.js';
import { type Transport } from './rnet-workloads.js';

/** The test certificates, found from the compiled file (two levels below the repository). */
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/tls/${name}.pem`, import.meta.url));

interface TlsListening {
  readonly listener: Awaited<ReturnType<typeof sslListen>>;
  readonly port: number;
  readonly client: SslClientContext;
}

/**
 * racket-net: a listener with the test certificate, and a client context made once that
 * verifies the chain and the name. Closing both client ports ends the connection
 * (close_notify, FIN): the reader's EOF.
 */
export const TLS: Transport<TlsListening> = {
  listen: async () => {
    const server = sslMakeServerContext('auto', {
      certificateChain: fixture('server'),
      privateKey: ['pem', fixture('server-key')],
    });
    const client = sslMakeClientContext('auto');
    sslLoadVerifySource(client, fixture('ca'));
    sslSetVerify(client, true);
    sslSetVerifyHostname(client, true);
    const listener = await sslListen(0, 64, true, '127.0.0.1', server);
    return { listener, port: sslAddresses(listener, true)[1], client };
  },
  connectPair: async ({ listener, port, client }) => {
    const [[ci, co], [si, so]] = await Promise.all([
      sslConnect('127.0.0.1', port, client),
      sslAccept(listener),
    ]);
    return [ci, co, si, so];
  },
  close: ({ listener }) => sslClose(listener),
  endSending: async (ci, co) => {
    await closeOutputPort(co);
    closeInputPort(ci);
  },
};

/** `n` times, one at a time: connect and accept (the handshake), one byte, close all four ports. */
export async function rnetTlsHandshake(n: number): Promise<Measurement> {
  const listening = await TLS.listen();
  const one = Uint8Array.of(1);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [ci, co, si, so] = await TLS.connectPair(listening);
    await writeBytes(one, co);
    await flushOutput(co);
    if ((await readByte(si)) === 1) count++;
    await closeOutputPort(co);
    closeInputPort(ci);
    closeInputPort(si);
    await closeOutputPort(so);
  }
  const ms = elapsedMs(start);
  TLS.close(listening);
  return { value: rate(count, ms), count, ms };
}

/** A `node:tls` server on 127.0.0.1 with the test certificate, and its port. */
async function nodeServer(onConnection: (socket: TLSSocket) => void): Promise<[Server, number]> {
  const server = createServer(
    { cert: readFileSync(fixture('server')), key: readFileSync(fixture('server-key')) },
    onConnection,
  );
  server.listen(0, '127.0.0.1', 64);
  await once(server, 'listening');
  return [server, (server.address() as { port: number }).port];
}

/** A client context made once, as a program that connects many times would. */
const nodeClientContext = () => createSecureContext({ ca: readFileSync(fixture('ca')) });

/** Connects to 127.0.0.1:`port`, verifying the chain and the IP address (Node's defaults). */
async function nodeConnect(
  port: number,
  secureContext: ReturnType<typeof createSecureContext>,
): Promise<TLSSocket> {
  const socket = tlsConnect({ host: '127.0.0.1', port, secureContext });
  const [error] = await Promise.race([
    once(socket, 'secureConnect').then(() => [null]),
    once(socket, 'error'),
  ]);
  if (error !== null) throw error;
  return socket;
}

export async function nodeTlsHandshake(n: number): Promise<Measurement> {
  let count = 0;
  let served: (() => void) | null = null;
  const [server, port] = await nodeServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (chunk: Buffer) => {
      if (chunk[0] === 1) count++;
      socket.end();
      served?.();
    });
  });
  const context = nodeClientContext();
  const one = Buffer.from([1]);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const done = new Promise<void>((resolve) => (served = resolve));
    const client = await nodeConnect(port, context);
    const closed = once(client, 'close');
    client.end(one);
    await done;
    // An orderly close, as racket-net's side makes: `destroy()` here, with the server's
    // close_notify unread, would reset the connection and spare the kernel its TIME_WAIT
    // (measured: 200 handshakes left 200 TIME_WAITs for racket-net and none for raw Node,
    // and a connect() among thousands of TIME_WAITs costs ~50 µs more).
    await closed;
  }
  const ms = elapsedMs(start);
  server.close();
  return { value: rate(count, ms), count, ms };
}

/** Raw Node: a `node:tls` server that ends its side when the client ends, for `bulk`. */
export async function nodeTlsListen(): Promise<NodeListener> {
  const [server, port] = await nodeServer((socket) => {
    socket.on('error', () => {});
    socket.on('end', () => socket.end());
  });
  const context = nodeClientContext();
  return {
    connectPair: async () => {
      const accepted = once(server, 'secureConnection') as Promise<[TLSSocket]>;
      const client = await nodeConnect(port, context);
      client.on('error', () => {});
      const [socket] = await accepted;
      return [client, socket];
    },
    close: () => server.close(),
  };
}

/**
 * The TLS rows: handshakes one after another, and bulk one way over one connection, racket-net
 * (its public API, `racket-net/ssl`) against idiomatic raw `node:tls`. Both ends in this process,
 * as in the TCP rows; the server has the test certificate (`fixtures/tls/`), and every client
 * verifies the chain against the test CA and the name 127.0.0.1 (full handshakes: no session
 * resumption in any of the three).
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
import {
  closeInputPort,
  closeOutputPort,
  flushOutput,
  isEofObject,
  readByte,
  readBytesAvail,
  thread,
  threadWait,
  writeBytes,
} from '../index.js';
import {
  type SslClientContext,
  type SslServerContext,
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
import { type Measurement, type Sizes } from './config.js';
import { elapsedMs, rate } from './measure.js';

/** The test certificates, found from the compiled file (two levels below the repository). */
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/tls/${name}.pem`, import.meta.url));

function rnetContexts(): [SslServerContext, SslClientContext] {
  const server = sslMakeServerContext('auto', {
    certificateChain: fixture('server'),
    privateKey: ['pem', fixture('server-key')],
  });
  const client = sslMakeClientContext('auto');
  sslLoadVerifySource(client, fixture('ca'));
  sslSetVerify(client, true);
  sslSetVerifyHostname(client, true);
  return [server, client];
}

/** `n` times, one at a time: connect and accept (the handshake), one byte, close all four ports. */
export async function rnetTlsHandshake(n: number): Promise<Measurement> {
  const [serverCtx, clientCtx] = rnetContexts();
  const listener = await sslListen(0, 64, true, '127.0.0.1', serverCtx);
  const [, port] = sslAddresses(listener, true);
  const one = Uint8Array.of(1);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [[ci, co], [si, so]] = await Promise.all([
      sslConnect('127.0.0.1', port, clientCtx),
      sslAccept(listener),
    ]);
    await writeBytes(one, co);
    await flushOutput(co);
    if ((await readByte(si)) === 1) count++;
    await closeOutputPort(co);
    closeInputPort(ci);
    closeInputPort(si);
    await closeOutputPort(so);
  }
  const ms = elapsedMs(start);
  sslClose(listener);
  return { value: rate(count, ms), count, ms };
}

/** `bulkBytes` one way in `bulkChunk` writes, the writer in a thread, read with `readBytesAvail`. */
export async function rnetTlsBulk(s: Sizes): Promise<Measurement> {
  const [serverCtx, clientCtx] = rnetContexts();
  const listener = await sslListen(0, 4, true, '127.0.0.1', serverCtx);
  const [, port] = sslAddresses(listener, true);
  const [[ci, co], [si, so]] = await Promise.all([
    sslConnect('127.0.0.1', port, clientCtx),
    sslAccept(listener),
  ]);
  const data = new Uint8Array(s.bulkChunk).fill(120);
  const start = performance.now();
  const writer = thread(async () => {
    for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
      await writeBytes(data, co, 0, Math.min(s.bulkChunk, left));
    }
    // Closing both client ports ends the connection (close_notify, FIN): the reader's EOF.
    await closeOutputPort(co);
    closeInputPort(ci);
  });
  const buffer = new Uint8Array(s.bulkChunk);
  let got = 0;
  for (;;) {
    const n = await readBytesAvail(buffer, si);
    if (isEofObject(n)) break;
    got += n;
  }
  const ms = elapsedMs(start);
  await threadWait(writer);
  closeInputPort(si);
  await closeOutputPort(so);
  sslClose(listener);
  return { value: rate(got / 1e6, ms), count: got, ms };
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
    client.end(one);
    await done;
    client.destroy();
  }
  const ms = elapsedMs(start);
  server.close();
  return { value: rate(count, ms), count, ms };
}

export async function nodeTlsBulk(s: Sizes): Promise<Measurement> {
  let got = 0;
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const [server, port] = await nodeServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => (got += chunk.length));
    socket.on('end', () => {
      socket.end();
      ended();
    });
  });
  const client = await nodeConnect(port, nodeClientContext());
  client.on('error', () => {});
  const data = Buffer.alloc(s.bulkChunk, 120);
  const start = performance.now();
  for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
    const chunk = left >= s.bulkChunk ? data : data.subarray(0, left);
    if (!client.write(chunk)) await once(client, 'drain');
  }
  client.end();
  await done;
  const ms = elapsedMs(start);
  client.destroy();
  server.close();
  return { value: rate(got / 1e6, ms), count: got, ms };
}

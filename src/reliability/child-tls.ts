/**
 * TLS bad input under a soak, run by `tls.test.ts` as
 * `node --expose-gc child-tls.js ITERATIONS SECONDS KINDS`: an SSL listener (two accepting
 * threads, as a Racket server may have) serves a good client each iteration (a handshake that
 * verifies the chain and the name, 4 KiB echoed) while a bad one hits it, in turn each of KINDS
 * (comma-separated):
 *   plaintext   an HTTP request instead of a ClientHello
 *   garbage     a TLS record header and random bytes
 *   truncated   the first half of a real ClientHello, then FIN
 *   stall       connects, says nothing for a while, then FIN
 *   wrong-name  `openssl s_client` checking the name wrong.example (it refuses with an alert)
 *   refuse      racket-net's own client checking wrong.example (it refuses after its handshake)
 *   node-refuse raw `node:tls` checking wrong.example (it refuses after its handshake)
 *   node-untrusted  raw `node:tls` not trusting the test CA (it refuses after its handshake)
 * Each bad client must fail exactly one accept with `ssl-accept: accept failed (…)` and every
 * good client must be served. Afterwards the open sockets, the active handles, the custodian's
 * managed list and the heap (after `gc()`) must be back where they started. Prints `RESULT {…}`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type Socket, connect as netConnect, createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  currentCustodian,
  custodianShutdownAll,
  flushOutput,
  isExnFail,
  isExnFailNetwork,
  makeCustodian,
  parameterize,
  readBytes,
  tcpConnect,
  thread,
  writeBytes,
} from '../index.js';
import {
  portsToSslPorts,
  sslAccept,
  sslAddresses,
  sslConnect,
  sslListen,
  sslLoadVerifySource,
  sslMakeClientContext,
  sslMakeServerContext,
  sslSetVerify,
  sslSetVerifyHostname,
} from '../ssl/index.js';
import { soak } from './soak.js';
import { patternBytes, printResult, sameBytes } from './support.js';

const iterations = Number(process.argv[2] ?? 100);
const seconds = Number(process.argv[3] ?? 10);
const kinds = (process.argv[4] ?? 'plaintext,garbage,truncated,stall').split(',');

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/tls/${name}.pem`, import.meta.url));

const serverContext = sslMakeServerContext('auto', {
  certificateChain: fixture('server'),
  privateKey: ['pem', fixture('server-key')],
});
const trusting = (name: boolean) => {
  const ctx = sslMakeClientContext('auto');
  sslLoadVerifySource(ctx, fixture('ca'));
  sslSetVerify(ctx, true);
  sslSetVerifyHostname(ctx, name);
  return ctx;
};
const goodContext = trusting(true);
const caPem = readFileSync(fixture('ca'));

/** A real ClientHello, as Node's client sends it (captured once by a plain TCP server). */
async function captureClientHello(): Promise<Buffer> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = tlsConnect({
    port: (server.address() as { port: number }).port,
    host: '127.0.0.1',
  });
  client.on('error', () => {});
  const [socket] = await accepted;
  socket.on('error', () => {});
  const [hello] = (await once(socket, 'data')) as [Buffer];
  socket.destroy();
  client.destroy();
  server.close();
  return hello;
}
const clientHello = await captureClientHello();

const root = currentCustodian();
const parent = makeCustodian();
const listener = await parameterize(currentCustodian, parent, () =>
  sslListen(0, 64, false, '127.0.0.1', serverContext),
);
const port = sslAddresses(listener, true)[1];

let served = 0;
let refused = 0;
const unexpected: string[] = [];
const reasons = new Map<string, number>();

/** Accepts forever (until the parent custodian shuts down); each connection echoes in a thread. */
async function acceptLoop(): Promise<void> {
  for (;;) {
    const c = makeCustodian(parent);
    let ports;
    try {
      ports = await parameterize(currentCustodian, c, () => sslAccept(listener));
    } catch (error) {
      custodianShutdownAll(c);
      const message = error instanceof Error ? error.message : String(error);
      const m = /^ssl-accept: accept failed \((.+)\)$/.exec(message);
      if (isExnFailNetwork(error) && m !== null) {
        refused++;
        reasons.set(m[1]!, (reasons.get(m[1]!) ?? 0) + 1);
        continue;
      }
      // The listener closed at the end, or something unexpected.
      if (!/listener is closed|shut down/.test(message)) unexpected.push(message);
      return;
    }
    const [si, so] = ports;
    parameterize(currentCustodian, c, () =>
      thread(async () => {
        try {
          await copyPort(si, so);
          closeInputPort(si);
          await closeOutputPort(so);
          served++;
        } catch (error) {
          unexpected.push(`echo: ${String(error)}`);
        } finally {
          custodianShutdownAll(c);
        }
      }),
    );
  }
}
parameterize(currentCustodian, parent, () => {
  thread(acceptLoop);
  thread(acceptLoop);
});

async function goodClient(i: number): Promise<void> {
  const c = makeCustodian(parent);
  try {
    await parameterize(currentCustodian, c, async () => {
      const [ci, co] = await sslConnect('127.0.0.1', port, goodContext);
      const data = patternBytes(i, 4096);
      await writeBytes(data, co);
      await flushOutput(co);
      const back = await readBytes(4096, ci);
      if (!(back instanceof Uint8Array) || !sameBytes(back, data)) {
        throw new Error(`iteration ${i}: echo differs`);
      }
      // Closing both ends the connection (close_notify): the server's echo sees EOF.
      closeInputPort(ci);
      await closeOutputPort(co);
    });
  } finally {
    custodianShutdownAll(c);
  }
}

/** A raw TCP client that sends `bytes` (then FIN if `end`) and waits for the server to close. */
async function rawClient(bytes: Buffer | null, delayMs = 0): Promise<void> {
  const socket = netConnect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (bytes === null) socket.end();
  else socket.end(bytes);
  socket.resume();
  await once(socket, 'close');
}

async function badClient(kind: string, i: number): Promise<void> {
  switch (kind) {
    case 'plaintext':
      return rawClient(Buffer.from('GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'));
    case 'garbage':
      return rawClient(
        Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), patternBytes(i, 64)]),
      );
    case 'truncated':
      return rawClient(clientHello.subarray(0, clientHello.length >> 1));
    case 'stall':
      return rawClient(null, 50);
    case 'wrong-name': {
      const child = spawn(
        'openssl',
        [
          's_client',
          '-connect',
          `127.0.0.1:${port}`,
          '-CAfile',
          fixture('ca'),
          '-verify_return_error',
          '-verify_hostname',
          'wrong.example',
        ],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      child.stdin.on('error', () => {});
      child.stdin.end();
      await once(child, 'close');
      return;
    }
    case 'refuse': {
      const c = makeCustodian(parent);
      try {
        await parameterize(currentCustodian, c, async () => {
          const [ti, to] = await tcpConnect('127.0.0.1', port);
          await portsToSslPorts(ti, to, { context: goodContext, hostname: 'wrong.example' });
        });
        throw new Error('refuse: the wrong name was accepted');
      } catch (error) {
        if (!isExnFail(error)) throw error;
      } finally {
        custodianShutdownAll(c);
      }
      return;
    }
    case 'node-refuse':
    case 'node-untrusted': {
      const socket = tlsConnect(
        kind === 'node-refuse'
          ? { port, host: '127.0.0.1', servername: 'wrong.example', ca: caPem }
          : { port, host: '127.0.0.1', servername: 'localhost' },
      );
      socket.on('error', () => {});
      // Not `once(socket, 'close')`: it would reject with the refusal's 'error'.
      await new Promise((resolve) => socket.on('close', resolve));
      return;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

let goods = 0;
let bads = 0;
async function iteration(i: number): Promise<void> {
  goods++;
  bads++;
  await Promise.all([goodClient(i), badClient(kinds[i % kinds.length]!, i)]);
}

/** Waits (up to 5 s) until the server has counted every client. */
async function allCounted(): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (served < goods || refused < bads) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

// Warm up (one round of every kind), then take the baseline; every client must be counted.
let counted = true;
const figures = await soak({
  warmUp: 2 * kinds.length,
  iterations,
  seconds,
  iteration,
  parent,
  root,
  quiesce: async () => {
    counted = counted && (await allCounted());
  },
});
custodianShutdownAll(parent); // the listener, the accepting threads
printResult({
  ...figures,
  kinds,
  goodClients: goods,
  served,
  badClients: bads,
  refused,
  counted,
  reasons: Object.fromEntries(reasons),
  unexpected,
});

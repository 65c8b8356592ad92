/**
 * Differential tests: the same TLS failures met by Racket CS 8.7 and by racket-net, against
 * the same peers on loopback, with the messages and exception kinds compared side by side.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ExnFailNetwork } from '../exn/exn.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { freePort } from '../test-support/free-port.js';
import { runRacketAsync, skipWithoutRacket } from '../test-support/racket.js';
import {
  certArgs,
  opensslClient,
  opensslServer,
  serverContext,
  skipWithout,
  sslListenLoopback,
  trustingClient,
} from '../test-support/ssl.js';
import { tlsFixture } from '../test-support/tls.js';
import {
  sslAccept,
  sslClose,
  sslConnect,
  sslMakeClientContext,
  sslSetVerify,
  sslSetVerifyHostname,
} from './index.js';

useTestCustodian(after);
const skip = skipWithoutRacket() || skipWithout('openssl');
if (skip) console.log(`# ${skip}`);
const T = { timeout: 30_000 };

/** What an attempt raised, as both sides print it: `kind|message`, or `ok`. */
async function outcome(attempt: () => Promise<unknown>): Promise<string> {
  try {
    const ports = (await attempt()) as [
      Parameters<typeof closeInputPort>[0],
      Parameters<typeof closeOutputPort>[0],
    ];
    closeInputPort(ports[0]);
    await closeOutputPort(ports[1]);
    return 'ok';
  } catch (e) {
    return `${e instanceof ExnFailNetwork ? 'network' : 'fail'}|${(e as Error).message}`;
  }
}

const RACKET_OUTCOME = `
(define (outcome thunk)
  (with-handlers ([exn? (lambda (e)
                          (printf "~a|~a\\n" (if (exn:fail:network? e) "network" "fail") (exn-message e)))])
    (define-values (i o) (thunk))
    (close-input-port i) (close-output-port o)
    (printf "ok\\n")))
`;

/** A TCP server whose connections do `onConnection`; closed after the test. */
async function tcpServer(onConnection: (s: net.Socket) => void): Promise<[net.Server, number]> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    onConnection(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return [server, (server.address() as net.AddressInfo).port];
}

describe('TLS errors, Racket 8.7 and racket-net side by side', { skip }, () => {
  it('ssl-connect failures', T, async () => {
    const [selfSigned, selfSignedPort] = await opensslServer([], 'self-signed');
    const [wrongName, wrongNamePort] = await opensslServer([], 'wrong-name');
    const [good, goodPort] = await opensslServer(['-alpn', 'h2']);
    const [plain, plainPort] = await tcpServer((s) => s.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    const [closer, closerPort] = await tcpServer((s) => s.once('data', () => s.end()));
    const refusedPort = await freePort();
    const ports = [selfSignedPort, wrongNamePort, goodPort, plainPort, closerPort, refusedPort];
    try {
      const racket = await runRacketAsync(
        `#lang racket/base
(require openssl)
(define args (current-command-line-arguments))
(define (arg i) (string->number (vector-ref args i)))
${RACKET_OUTCOME}
(define (verifying host?)
  (define c (ssl-make-client-context 'auto))
  (ssl-load-verify-source! c ${JSON.stringify(tlsFixture('ca'))})
  (ssl-set-verify! c #t)
  (ssl-set-verify-hostname! c host?)
  c)
(define (hostname-only)
  (define c (ssl-make-client-context 'auto))
  (ssl-set-verify-hostname! c #t)
  c)
(outcome (lambda () (ssl-connect "localhost" (arg 0) 'secure)))
(outcome (lambda () (ssl-connect "localhost" (arg 1) (verifying #t))))
(outcome (lambda () (ssl-connect "127.0.0.1" (arg 2) (hostname-only))))
(outcome (lambda () (ssl-connect "127.0.0.1" (arg 2) (verifying #t))))
(outcome (lambda () (ssl-connect "localhost" (arg 2) (verifying #t) #:alpn '(#"spdy/1"))))
(outcome (lambda () (ssl-connect "127.0.0.1" (arg 3) 'auto)))
(outcome (lambda () (ssl-connect "127.0.0.1" (arg 4) 'auto)))
(outcome (lambda () (ssl-connect "127.0.0.1" (arg 5) 'auto)))
`,
        ports.map(String),
      );
      const hostnameOnly = sslMakeClientContext('auto');
      sslSetVerifyHostname(hostnameOnly, true);
      const ours = [
        await outcome(() => sslConnect('localhost', selfSignedPort, 'secure')),
        await outcome(() => sslConnect('localhost', wrongNamePort, trustingClient())),
        await outcome(() => sslConnect('127.0.0.1', goodPort, hostnameOnly)),
        await outcome(() => sslConnect('127.0.0.1', goodPort, trustingClient())),
        await outcome(() =>
          sslConnect('localhost', goodPort, trustingClient(), { alpn: [Buffer.from('spdy/1')] }),
        ),
        await outcome(() => sslConnect('127.0.0.1', plainPort, 'auto')),
        await outcome(() => sslConnect('127.0.0.1', closerPort, 'auto')),
        await outcome(() => sslConnect('127.0.0.1', refusedPort, 'auto')),
      ];
      const theirs = racket.trimEnd().split(/\n(?=ok$|network\||fail\|)/m);
      assert.deepEqual(ours, theirs);
    } finally {
      for (const s of [selfSigned, wrongName, good]) s.stop();
      plain.close();
      closer.close();
    }
  });

  it(
    'ssl-accept failures (plaintext, garbage, stall then FIN, client certificates): Racket vs racket-net',
    T,
    async () => {
      /** Each bad client, run against a server at `port`. */
      const badClients: ((port: number) => Promise<void>)[] = [
        (port) => rawClient(port, Buffer.from('GET / HTTP/1.0\r\n\r\n')),
        (port) =>
          rawClient(
            port,
            Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0xff, 0xff, 0xff, 0xff]),
          ),
        (port) => rawClient(port, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]), true),
      ];
      /** Clients of a server that requires a client certificate: an untrusted one, none. */
      const verifiedClients: ((port: number) => Promise<void>)[] = [
        (port) => opensslClientOnce(port, [...certArgs('self-signed')]),
        (port) => opensslClientOnce(port, []),
      ];
      // Racket's server: accepts three times, printing each outcome.
      const dir = mkdtempSync(`${tmpdir()}/rnet-ssl-diff-`);
      writeFileSync(
        `${dir}/server.rkt`,
        `#lang racket/base
(require openssl)
${RACKET_OUTCOME}
(define ctx (ssl-make-server-context 'auto))
(ssl-load-certificate-chain! ctx ${JSON.stringify(tlsFixture('server'))})
(ssl-load-private-key! ctx ${JSON.stringify(tlsFixture('server', 'key'))})
(define vctx (ssl-make-server-context 'auto))
(ssl-load-certificate-chain! vctx ${JSON.stringify(tlsFixture('server'))})
(ssl-load-private-key! vctx ${JSON.stringify(tlsFixture('server', 'key'))})
(ssl-load-verify-source! vctx ${JSON.stringify(tlsFixture('ca'))})
(ssl-set-verify! vctx #t)
(define l (ssl-listen 0 5 #t "127.0.0.1" ctx))
(define lv (ssl-listen 0 5 #t "127.0.0.1" vctx))
(define-values (a port b c) (ssl-addresses l #t))
(define-values (a2 vport b2 c2) (ssl-addresses lv #t))
(printf "~a ~a\\n" port vport) (flush-output)
(for ([k 3]) (outcome (lambda () (ssl-accept l))) (flush-output))
(for ([k 2]) (outcome (lambda () (ssl-accept lv))) (flush-output))
`,
      );
      const child = spawn('racket', [`${dir}/server.rkt`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      try {
        while (!out.includes('\n')) await pause(10);
        const [racketPort, racketVerifyPort] = out.split('\n')[0]!.split(' ').map(Number);
        for (const [k, bad] of [...badClients, ...verifiedClients].entries()) {
          await bad(k < badClients.length ? racketPort! : racketVerifyPort!);
          while (out.split('\n').length < k + 3) await pause(10);
        }
        const theirs = out.trimEnd().split('\n').slice(1);

        const [listener, port] = await sslListenLoopback(serverContext());
        const ours: string[] = [];
        for (const bad of badClients) {
          const accepting = outcome(() => sslAccept(listener));
          await bad(port);
          ours.push(await accepting);
        }
        sslClose(listener);
        const verifying = serverContext();
        sslSetVerify(verifying, true);
        const [vListener, vPort] = await sslListenLoopback(verifying);
        for (const bad of verifiedClients) {
          const accepting = outcome(() => sslAccept(vListener));
          await bad(vPort);
          ours.push(await accepting);
        }
        sslClose(vListener);
        assert.deepEqual(ours, theirs);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});

/** `openssl s_client` with `extra` arguments, stopped once the server has answered (or after 3 s). */
async function opensslClientOnce(port: number, extra: readonly string[]): Promise<void> {
  const client = opensslClient(port, ['-quiet', ...extra]);
  await Promise.race([client.exited, pause(3000)]);
  client.stop();
}

/** Connects, sends `bytes`, then (with `stall`) waits and FINs; otherwise waits for the server to close. */
async function rawClient(port: number, bytes: Uint8Array, stall = false): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.write(bytes);
  socket.resume();
  if (stall) {
    await pause(100);
    socket.end();
  }
  await new Promise<void>((r) => {
    socket.once('close', () => r());
    setTimeout(() => {
      socket.destroy();
      r();
    }, 3000);
  });
}

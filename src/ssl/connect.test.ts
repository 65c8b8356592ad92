/**
 * `sslConnect` against real TLS servers on loopback: `openssl s_server` and Racket CS's
 * `ssl-listen`; the checks (chain, host name), Racket's error texts, TCP's errors, and breaks
 * and kills during the handshake.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ExnFail, ExnFailNetwork, ExnFailNetworkErrno, isExnBreak } from '../exn/exn.js';
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { readLine } from '../port/read.js';
import { flushOutput, writeString } from '../port/write.js';
import { breakThread, killThread, thread, threadWait } from '../thread/thread.js';
import { pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import { skipWithoutRacket } from '../test-support/racket.js';
import { opensslServer, skipWithout, trustingClient, waitForOutput } from '../test-support/ssl.js';
import { tlsFixture } from '../test-support/tls.js';
import {
  isSslPeerVerified,
  isSslPort,
  sslConnect,
  sslConnectEnableBreak,
  sslGetAlpnSelected,
  sslMakeClientContext,
  sslPeerCertificateHostnames,
  sslPeerIssuerName,
  sslPeerSubjectName,
  sslProtocolVersion,
} from './index.js';

useTestCustodian(after);
const noOpenssl = skipWithout('openssl');
const noRacket = skipWithoutRacket();
if (noOpenssl) console.log(`# ${noOpenssl}`);
if (noRacket) console.log(`# ${noRacket}`);

const T = { timeout: 10_000 };
/** `openssl s_server` arguments requiring a client certificate the test CA signed. */
const REQUIRE_CLIENT_CERT = ['-Verify', '1', '-CAfile', tlsFixture('ca')];

/** A plain TCP server on 127.0.0.1 that hands each socket to `onSocket` (by default it says nothing: a stalled handshake). */
async function rawServer(
  onSocket: (s: net.Socket) => void = () => {},
): Promise<[net.Server, number, net.Socket[]]> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return [server, (server.address() as net.AddressInfo).port, sockets];
}

/**
 * Starts a handshake against a silent server (`start`), and once the server holds its socket,
 * interrupts it (the function `start` returned); the server must then see the socket close.
 */
async function interruptStalledHandshake(
  start: (port: number) => () => Promise<void>,
): Promise<void> {
  const [server, port, sockets] = await rawServer();
  try {
    const interrupt = start(port);
    while (sockets.length === 0) await pause(5);
    await pause(20);
    await interrupt();
    // The server sees the client's socket close.
    const closed = new Promise<void>((r) => sockets[0]!.once('close', () => r()));
    sockets[0]!.resume();
    await closed;
  } finally {
    server.close();
    for (const s of sockets) s.destroy();
  }
}

describe('sslConnect ↔ openssl s_server', { skip: noOpenssl }, () => {
  it('verifies the chain and the name, offers ALPN, and exchanges bytes (-rev)', T, async () => {
    const [server, port] = await opensslServer(['-rev', '-alpn', 'h2', '-naccept', '1']);
    try {
      const [i, o] = await sslConnect('localhost', port, trustingClient(), {
        alpn: [Buffer.from('h2'), Buffer.from('http/1.1')],
      });
      assert.equal(i.name, 'SSL localhost');
      assert.ok(isSslPort(i) && isSslPort(o));
      assert.equal(isSslPeerVerified(i), true);
      assert.equal(Buffer.from(sslPeerSubjectName(i) as Uint8Array).toString(), '/CN=localhost');
      assert.equal(
        Buffer.from(sslPeerIssuerName(o) as Uint8Array).toString(),
        '/CN=racket-net test CA',
      );
      assert.deepEqual(sslPeerCertificateHostnames(i), ['localhost']);
      assert.equal(Buffer.from(sslGetAlpnSelected(i) as Uint8Array).toString(), 'h2');
      assert.equal(sslProtocolVersion(i), 'tls13');
      // The output port reports 'block' but writes through: no flush needed.
      await writeString('hello\n', o);
      assert.equal(await readLine(i), 'olleh');
      closeInputPort(i);
      await closeOutputPort(o);
      assert.ok(isSslPort(i), 'still an SSL port once closed');
    } finally {
      server.stop();
    }
  });

  it("'auto' checks nothing: a self-signed server is accepted, not verified", T, async () => {
    const [server, port] = await opensslServer(['-rev', '-naccept', '1'], 'self-signed');
    try {
      const [i, o] = await sslConnect('127.0.0.1', port, 'auto');
      assert.equal(isSslPeerVerified(i), false);
      assert.equal(sslGetAlpnSelected(i), false);
      await writeString('abc\n', o);
      assert.equal(await readLine(i), 'cba');
      closeInputPort(i);
      await closeOutputPort(o);
    } finally {
      server.stop();
    }
  });

  const verifyFailed =
    'ssl-connect: connect failed (error:0A000086:SSL routines::certificate verify failed)';
  for (const [cert, host, message] of [
    ['self-signed', 'localhost', verifyFailed],
    ['expired', 'localhost', verifyFailed],
    ['wrong-name', 'localhost', verifyFailed],
    ['server', '127.0.0.1', null], // an IP SAN matches when verifying
  ] as const) {
    it(`a verifying client and a ${cert} certificate at ${host}`, T, async () => {
      const [server, port] = await opensslServer(['-naccept', '1'], cert);
      try {
        const connecting = sslConnect(host, port, trustingClient());
        if (message === null) {
          const [i, o] = await connecting;
          assert.equal(isSslPeerVerified(i), true);
          closeInputPort(i);
          await closeOutputPort(o);
        } else {
          await assertRejectsExn(connecting, ExnFailNetwork, message);
        }
      } finally {
        server.stop();
      }
    });
  }

  it("an IPv6 literal matches the certificate's IP address (::1)", T, async () => {
    const [server, port] = await opensslServer(['-rev', '-naccept', '1']);
    try {
      const [i, o] = await sslConnect('::1', port, trustingClient());
      assert.equal(isSslPeerVerified(i), true);
      await writeString('v6\n', o);
      assert.equal(await readLine(i), '6v');
      closeInputPort(i);
      await closeOutputPort(o);
    } finally {
      server.stop();
    }
  });

  it('the default (secure) context does not trust a private CA', T, async () => {
    const [server, port] = await opensslServer(['-naccept', '1']);
    try {
      await assertRejectsExn(sslConnect('localhost', port), ExnFailNetwork, verifyFailed);
    } finally {
      server.stop();
    }
  });

  it('host name checked without chain verification: DNS names only', T, async () => {
    const [server, port] = await opensslServer(['-naccept', '2']);
    try {
      const ctx = sslMakeClientContext('auto');
      const { sslSetVerifyHostname } = await import('./verification.js');
      sslSetVerifyHostname(ctx, true);
      const [i, o] = await sslConnect('localhost', port, ctx);
      assert.equal(isSslPeerVerified(i), false);
      closeInputPort(i);
      await closeOutputPort(o);
      await assertRejectsExn(
        sslConnect('127.0.0.1', port, ctx),
        ExnFailNetwork,
        'ssl-connect: connect failed (certificate not valid for hostname)',
      );
    } finally {
      server.stop();
    }
  });

  it('presents a client certificate the server requires (-Verify 1)', T, async () => {
    const [server, port] = await opensslServer(['-rev', ...REQUIRE_CLIENT_CERT, '-naccept', '1']);
    try {
      const [i, o] = await sslConnect('localhost', port, trustingClient(true, 'client'));
      await writeString('cert\n', o);
      assert.equal(await readLine(i), 'trec');
      await waitForOutput(server, /Peer certificate: CN ?= ?racket-net test client/);
      closeInputPort(i);
      await closeOutputPort(o);
    } finally {
      server.stop();
    }
  });

  it('without the client certificate the server requires, the first read fails', T, async () => {
    const [server, port] = await opensslServer([...REQUIRE_CLIENT_CERT, '-naccept', '1']);
    try {
      // TLS 1.3: the client's handshake is done before the server refuses it.
      const [i, o] = await sslConnect('localhost', port, trustingClient());
      await assertRejectsExn(
        readLine(i),
        ExnFailNetwork,
        'read-bytes: SSL read failed (error:0A00045C:SSL routines::tlsv13 alert certificate required)',
      );
      closeInputPort(i);
      await closeOutputPort(o);
    } finally {
      server.stop();
    }
  });
});

describe('sslConnect: failures', () => {
  it('a plaintext server: wrong version number; a refused port: TCP error', T, async () => {
    const [server, port] = await rawServer((s) => s.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    try {
      await assertRejectsExn(
        sslConnect('127.0.0.1', port, 'auto'),
        ExnFailNetwork,
        'ssl-connect: connect failed (error:0A00010B:SSL routines::wrong version number)',
      );
    } finally {
      server.close();
    }
    await assertRejectsExn(
      sslConnect('127.0.0.1', port, 'auto'),
      ExnFailNetworkErrno,
      /^tcp-connect: connection failed\n {2}hostname: 127\.0\.0\.1\n/,
    );
  });

  it('a server that closes during the handshake: input terminated prematurely', T, async () => {
    const [server, port] = await rawServer((s) => s.once('data', () => s.end()));
    try {
      await assertRejectsExn(
        sslConnect('127.0.0.1', port, 'auto'),
        ExnFailNetwork,
        'ssl-connect: connect failed (input terminated prematurely)',
      );
    } finally {
      server.close();
    }
  });

  it('a break ends a stalled handshake and closes the socket', T, async () => {
    await interruptStalledHandshake((port) => {
      let outcome: unknown = null;
      const t = thread(async () => {
        try {
          await sslConnectEnableBreak('127.0.0.1', port, 'auto');
          outcome = 'connected';
        } catch (e) {
          outcome = e;
        }
      });
      return async () => {
        breakThread(t);
        await threadWait(t);
        assert.ok(isExnBreak(outcome), String(outcome));
      };
    });
  });

  it('a custodian shutdown ends a stalled handshake and closes the socket', T, async () => {
    await interruptStalledHandshake((port) => {
      const custodian = makeCustodian(currentCustodian());
      const connecting = parameterize(currentCustodian, custodian, () =>
        sslConnect('127.0.0.1', port, 'auto'),
      );
      connecting.catch(() => {}); // asserted below, once the custodian is shut down
      return async () => {
        custodianShutdownAll(custodian);
        await assertRejectsExn(
          connecting,
          ExnFail,
          'ssl-connect: the current custodian has been shut down',
        );
      };
    });
  });

  it('a kill ends a stalled handshake and closes the socket', T, async () => {
    await interruptStalledHandshake((port) => {
      const t = thread(async () => {
        await sslConnect('127.0.0.1', port, 'auto');
      });
      return async () => {
        killThread(t);
        await threadWait(t);
      };
    });
  });
});

describe('sslConnect ↔ Racket ssl-listen', { skip: noRacket }, () => {
  it('a verifying client, ALPN, a line each way, then a clean EOF', T, async () => {
    const source = `#lang racket/base
(require openssl racket/tcp)
(define ctx (ssl-make-server-context 'auto))
(ssl-load-certificate-chain! ctx ${JSON.stringify(tlsFixture('server'))})
(ssl-load-private-key! ctx ${JSON.stringify(tlsFixture('server', 'key'))})
(ssl-set-server-alpn! ctx '(#"h2") #t)
(define l (ssl-listen 0 5 #t "127.0.0.1" ctx))
(define-values (a port b c) (ssl-addresses l #t))
(printf "~a\\n" port) (flush-output)
(define-values (i o) (ssl-accept l))
(define line (read-line i))
(void (write-string (string-append "got " line "\\n") o))
(flush-output o)
(printf "~s ~s ~s\\n" line (read-line i) (ssl-get-alpn-selected i))
`;
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/rnet-ssl-`);
    writeFileSync(`${dir}/s.rkt`, source);
    const child = spawn('racket', [`${dir}/s.rkt`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      while (!out.includes('\n')) await pause(10);
      const port = Number(out.trim());
      const [i, o] = await sslConnect('localhost', port, trustingClient(), {
        alpn: [Buffer.from('h2')],
      });
      await writeString('hi\n', o);
      await flushOutput(o);
      assert.equal(await readLine(i), 'got hi');
      closeInputPort(i);
      await closeOutputPort(o);
      await new Promise((r) => child.once('close', r));
      // Both ports closed: close_notify, so Racket reads a clean EOF (not an SSL error).
      assert.equal(out.split('\n')[1], '"hi" #<eof> #"h2"', out);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

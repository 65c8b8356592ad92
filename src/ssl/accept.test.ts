/**
 * `sslListen` / `sslAccept` against real TLS clients on loopback (`openssl s_client`, `curl`,
 * Racket CS's `ssl-connect`), and bad clients: each fails its own accept with a clear
 * `ExnFailNetwork` while the listener keeps serving.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { ExnFailNetwork, isExnBreak } from '../exn/exn.js';
import { sync } from '../evt/sync.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { readLine } from '../port/read.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { writeString } from '../port/write.js';
import { breakThread, killThread, thread, threadWait } from '../thread/thread.js';
import { pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import { runRacketAsync, skipWithoutRacket } from '../test-support/racket.js';
import {
  certArgs,
  opensslClient,
  S_CLIENT_VERIFY,
  serverContext,
  skipWithout,
  spawnTool,
  sslListenLoopback,
  trustingClient,
} from '../test-support/ssl.js';
import { tlsFixture } from '../test-support/tls.js';
import {
  isSslListener,
  isSslPeerVerified,
  sslAccept,
  sslAcceptEnableBreak,
  sslClose,
  sslConnect,
  sslGetAlpnSelected,
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslListen,
  sslMakeServerContext,
  sslPeerSubjectName,
  sslSetServerAlpn,
  sslSetServerNameIdentificationCallback,
  sslSetVerify,
  sslTryVerify,
  sslAddresses,
} from './index.js';

useTestCustodian(after);
const noOpenssl = skipWithout('openssl');
const noCurl = skipWithout('curl');
const noRacket = skipWithoutRacket();
for (const s of [noOpenssl, noCurl, noRacket]) if (s) console.log(`# ${s}`);

const T = { timeout: 10_000 };

/** Serves one line: reads it, answers `echo: <line>`, closes both ports. */
async function echoLine(i: InputPort, o: OutputPort): Promise<void> {
  const line = await readLine(i);
  await writeString(`echo: ${String(line)}\n`, o);
  closeInputPort(i);
  await closeOutputPort(o);
}

/** A Node TLS client trusting the test CA (the listener's other clients in these tests). */
function nodeClient(port: number, options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port,
      host: '127.0.0.1',
      servername: 'localhost',
      ca: readFileSync(tlsFixture('ca')),
      ...options,
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The listener still serves: a good racket-net client gets its line echoed. */
async function stillServes(
  listener: Parameters<typeof sslAccept>[0],
  port: number,
  withCertificate = false,
): Promise<void> {
  const ctx = trustingClient(true, withCertificate ? 'client' : undefined);
  const [[i, o], [ci, co]] = await Promise.all([
    sslAccept(listener),
    sslConnect('localhost', port, ctx),
  ]);
  await writeString('ok?\n', co);
  await echoLine(i, o);
  assert.equal(await readLine(ci), 'echo: ok?');
  closeInputPort(ci);
  await closeOutputPort(co);
}

/** A listener whose context requires a client certificate the test CA signed (`sslSetVerify`). */
function verifyingListener(): ReturnType<typeof sslListenLoopback> {
  const ctx = serverContext();
  sslSetVerify(ctx, true);
  return sslListenLoopback(ctx);
}

async function rawClient(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return socket;
}

describe('sslAccept ↔ command-line clients', () => {
  it(
    'openssl s_client -quiet, with a client certificate the server verifies',
    {
      ...T,
      skip: noOpenssl,
    },
    async () => {
      const [listener, port] = await verifyingListener();
      const client = opensslClient(port, [...S_CLIENT_VERIFY, ...certArgs('client'), '-quiet']);
      const [i, o] = await sslAccept(listener);
      assert.equal(i.name, 'SSL tcp-accepted');
      assert.equal(isSslPeerVerified(i), true);
      assert.equal(
        Buffer.from(sslPeerSubjectName(i) as Uint8Array).toString(),
        '/CN=racket-net test client',
      );
      client.child.stdin!.write('from s_client\n');
      assert.equal(await readLine(i), 'from s_client');
      await writeString('from racket-net\n', o);
      closeInputPort(i);
      await closeOutputPort(o);
      client.child.stdin!.end();
      await client.exited;
      assert.match(client.output(), /from racket-net\n/);
      // Both ports closed with close_notify: s_client sees no "unexpected eof" error.
      assert.doesNotMatch(client.output(), /unexpected eof/);
      sslClose(listener);
    },
  );

  it('curl --cacert (HTTP/1.0 over TLS, ALPN http/1.1)', { ...T, skip: noCurl }, async () => {
    const ctx = serverContext();
    sslSetServerAlpn(ctx, [Buffer.from('http/1.1'), Buffer.from('http/1.0')]);
    const [listener, port] = await sslListenLoopback(ctx);
    const curl = spawnTool('curl', [
      '-s',
      '-S',
      '--http1.0',
      '--cacert',
      tlsFixture('ca'),
      '--resolve',
      `localhost:${port}:127.0.0.1`,
      `https://localhost:${port}/x`,
    ]);
    const [i, o] = await sslAccept(listener);
    assert.match(Buffer.from(sslGetAlpnSelected(i) as Uint8Array).toString(), /^http\/1\.[01]$/);
    assert.equal(await readLine(i, 'return-linefeed'), 'GET /x HTTP/1.0');
    while ((await readLine(i, 'return-linefeed')) !== '') {
      /* headers */
    }
    await writeString('HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n', o);
    closeInputPort(i);
    await closeOutputPort(o);
    assert.equal(await curl.exited, 0, curl.output());
    assert.equal(curl.output(), 'hello\n');
    sslClose(listener);
  });
});

describe('sslAccept ↔ Racket ssl-connect', { skip: noRacket }, () => {
  it('a verifying Racket client with a host name gets a line and a clean EOF', T, async () => {
    const [listener, port] = await sslListenLoopback();
    const racket = runRacketAsync(
      `#lang racket/base
(require openssl)
(define ctx (ssl-make-client-context 'auto))
(ssl-load-verify-source! ctx ${JSON.stringify(tlsFixture('ca'))})
(ssl-set-verify! ctx #t)
(ssl-set-verify-hostname! ctx #t)
(define-values (i o) (ssl-connect "localhost" (string->number (vector-ref (current-command-line-arguments) 0)) ctx))
(void (write-string "racket\\n" o))
(flush-output o)
(printf "~s ~s ~s\\n" (read-line i) (read-line i) (ssl-peer-verified? i))`,
      [String(port)],
    );
    const [i, o] = await sslAccept(listener);
    await echoLine(i, o);
    assert.equal(await racket, '"echo: racket" #<eof> #t\n');
    sslClose(listener);
  });
});

describe('sslAccept: bad clients fail their own accept, the listener goes on', () => {
  it('a plaintext client', T, async () => {
    const [listener, port] = await sslListenLoopback();
    const client = await rawClient(port);
    client.write('GET / HTTP/1.0\r\n\r\n');
    await assertRejectsExn(
      sslAccept(listener),
      ExnFailNetwork,
      'ssl-accept: accept failed (error:0A00009C:SSL routines::http request)',
    );
    client.destroy();
    await stillServes(listener, port);
    sslClose(listener);
  });

  it('a garbage ClientHello', T, async () => {
    const [listener, port] = await sslListenLoopback();
    const client = await rawClient(port);
    // A handshake record whose body is not a ClientHello.
    client.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0xff, 0xff, 0xff, 0xff]));
    await assertRejectsExn(
      sslAccept(listener),
      ExnFailNetwork,
      /^ssl-accept: accept failed \(error:[0-9A-F]{8}:SSL routines::[a-z ]+\)$/,
    );
    client.destroy();
    await stillServes(listener, port);
    sslClose(listener);
  });

  it('a client that stalls mid-handshake, then FINs', T, async () => {
    const [listener, port] = await sslListenLoopback();
    const client = await rawClient(port);
    const accepting = sslAccept(listener);
    // Half a ClientHello record, then nothing.
    client.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]));
    await pause(100);
    client.end();
    await assertRejectsExn(
      accepting,
      ExnFailNetwork,
      'ssl-accept: accept failed (input terminated prematurely)',
    );
    client.destroy();
    await stillServes(listener, port);
    sslClose(listener);
  });

  for (const cert of ['self-signed', 'expired'] as const) {
    it(
      `a ${cert} client certificate under sslSetVerify (openssl s_client)`,
      {
        ...T,
        skip: noOpenssl,
      },
      async () => {
        const [listener, port] = await verifyingListener();
        const client = opensslClient(port, [...certArgs(cert), '-quiet']);
        await assertRejectsExn(
          sslAccept(listener),
          ExnFailNetwork,
          'ssl-accept: accept failed (error:0A000086:SSL routines::certificate verify failed)',
        );
        client.stop();
        await stillServes(listener, port, true);
        sslClose(listener);
      },
    );
  }

  it(
    'no client certificate: refused under sslSetVerify, unverified under sslTryVerify',
    T,
    async () => {
      const [listener, port] = await verifyingListener();
      const accepting = sslAccept(listener);
      void nodeClient(port).then(
        (s) => s.on('error', () => {}),
        () => {},
      );
      await assertRejectsExn(
        accepting,
        ExnFailNetwork,
        'ssl-accept: accept failed (error:0A0000C7:SSL routines::peer did not return a certificate)',
      );
      // Through the listener: its context changes.
      sslTryVerify(listener, true);
      const accepting2 = sslAccept(listener);
      const client = await nodeClient(port);
      const [i, o] = await accepting2;
      assert.equal(isSslPeerVerified(i), false);
      closeInputPort(i);
      await closeOutputPort(o);
      client.destroy();
      sslClose(listener);
    },
  );

  it('a client with a good certificate under sslTryVerify is verified', T, async () => {
    const ctx = serverContext();
    sslTryVerify(ctx, true);
    const [listener, port] = await sslListenLoopback(ctx);
    const [[i, o], [ci, co]] = await Promise.all([
      sslAccept(listener),
      sslConnect('localhost', port, trustingClient(true, 'client')),
    ]);
    assert.equal(isSslPeerVerified(i), true);
    for (const p of [i, ci]) closeInputPort(p);
    await Promise.all([closeOutputPort(o), closeOutputPort(co)]);
    sslClose(listener);
  });

  it('an ALPN mismatch is refused (Node 20 cannot allow no match)', T, async () => {
    const ctx = serverContext();
    sslSetServerAlpn(ctx, [Buffer.from('h2')], false);
    const [listener, port] = await sslListenLoopback(ctx);
    const accepting = sslAccept(listener);
    const connecting = sslConnect('localhost', port, trustingClient(), {
      alpn: [Buffer.from('spdy/1')],
    });
    await assertRejectsExn(
      accepting,
      ExnFailNetwork,
      'ssl-accept: accept failed (error:0A0000EB:SSL routines::no application protocol)',
    );
    await assertRejectsExn(
      connecting,
      ExnFailNetwork,
      'ssl-connect: connect failed (error:0A000460:SSL routines::tlsv1 alert no application protocol)',
    );
    await stillServes(listener, port);
    sslClose(listener);
  });
});

describe('sslListen, the listener, SNI', () => {
  it('is an evt ready with itself; certificates load into the listener', T, async () => {
    const listener = await sslListen(0, 5, true, '127.0.0.1', sslMakeServerContext('auto'));
    sslLoadCertificateChain(listener, tlsFixture('server'));
    sslLoadPrivateKey(listener, tlsFixture('server', 'key'));
    assert.ok(isSslListener(listener));
    const port = sslAddresses(listener, true)[1];
    const client = nodeClient(port);
    assert.equal(await sync(listener), listener);
    const [i, o] = await sslAccept(listener);
    const [li, , ri] = sslAddresses(i, true);
    assert.equal(li, '127.0.0.1');
    assert.equal(ri, '127.0.0.1');
    (await client).destroy();
    closeInputPort(i);
    await closeOutputPort(o);
    sslClose(listener);
    await assert.rejects(sslAccept(listener), /tcp-accept: listener is closed/);
  });

  it('an SNI callback picks the context for a server name', T, async () => {
    const fallback = serverContext('wrong-name');
    const right = serverContext('server');
    const names: string[] = [];
    sslSetServerNameIdentificationCallback(fallback, (name) => {
      names.push(name);
      return name === 'localhost' ? right : false;
    });
    const [listener, port] = await sslListenLoopback(fallback);
    const [[i, o], [ci, co]] = await Promise.all([
      sslAccept(listener),
      sslConnect('localhost', port, trustingClient()),
    ]);
    assert.deepEqual(names, ['localhost']);
    for (const p of [i, ci]) closeInputPort(p);
    await Promise.all([closeOutputPort(o), closeOutputPort(co)]);
    sslClose(listener);
  });

  it(
    'a break or a kill ends an accept stalled in the handshake; the listener goes on',
    T,
    async () => {
      const [listener, port] = await sslListenLoopback();
      for (const how of ['break', 'kill'] as const) {
        const client = await rawClient(port);
        const closed = new Promise<void>((r) => client.once('close', () => r()));
        client.resume();
        let outcome: unknown = 'none';
        const t = thread(async () => {
          try {
            await sslAcceptEnableBreak(listener);
            outcome = 'accepted';
          } catch (e) {
            outcome = e;
          }
        });
        await pause(100);
        if (how === 'break') breakThread(t);
        else killThread(t);
        await threadWait(t);
        if (how === 'break') assert.ok(isExnBreak(outcome), String(outcome));
        else assert.equal(outcome, 'none');
        await closed; // the half-open handshake's socket was destroyed
      }
      await stillServes(listener, port);
      sslClose(listener);
    },
  );
});

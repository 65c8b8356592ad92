/**
 * `portsToSslPorts` (STARTTLS): over TCP ports with Racket CS on the other side (both modes,
 * with read-ahead given back to TLS), and over pipes between two racket-net ends.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExnFail, ExnFailContract, ExnFailNetwork } from '../exn/exn.js';
import { closeInputPort, closeOutputPort, isPortClosed } from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import { makePipe } from '../port/pipe.js';
import { readBytes, readLine } from '../port/read.js';
import { flushOutput, writeString } from '../port/write.js';
import { tcpAccept } from '../tcp/accept.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpClose, tcpListen } from '../tcp/listener.js';
import { tcpConnect } from '../tcp/connect.js';
import { pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertThrowsExn } from '../test-support/exn-assert.js';
import { runRacketAsync, skipWithoutRacket } from '../test-support/racket.js';
import { serverContext, trustingClient } from '../test-support/ssl.js';
import { tlsFixture } from '../test-support/tls.js';
import { useSocketDir } from '../test-support/unix.js';
import {
  unixSocketAccept,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
} from '../unix/index.js';
import {
  isSslPeerVerified,
  isSslPort,
  portsToSslPorts,
  sslAddresses,
  sslMakeServerContext,
} from './index.js';

useTestCustodian(after);
const noRacket = skipWithoutRacket();
if (noRacket) console.log(`# ${noRacket}`);
const T = { timeout: 10_000 };
/** What `sslAddresses` says of SSL ports made over something other than TCP ports. */
const NOT_TCP = 'ssl-addresses: not connected to TCP port';

const RACKET_PRELUDE = `#lang racket/base
(require openssl racket/tcp)
(define port (string->number (vector-ref (current-command-line-arguments) 0)))
`;

/** Connects to a Racket server that may not be listening yet. */
async function connectWhenUp(port: number): ReturnType<typeof tcpConnect> {
  for (let i = 0; ; i++) {
    try {
      return await tcpConnect('127.0.0.1', port);
    } catch (e) {
      if (i > 200 || !(e instanceof ExnFailNetwork)) throw e;
      await pause(25);
    }
  }
}

describe('portsToSslPorts over TCP ↔ Racket', { skip: noRacket }, () => {
  it('racket-net connects (STARTTLS), Racket accepts with ports->ssl-ports', T, async () => {
    const { freePort } = await import('../test-support/free-port.js');
    const port = await freePort();
    const racket = runRacketAsync(
      `${RACKET_PRELUDE}
(define ctx (ssl-make-server-context 'auto))
(ssl-load-certificate-chain! ctx ${JSON.stringify(tlsFixture('server'))})
(ssl-load-private-key! ctx ${JSON.stringify(tlsFixture('server', 'key'))})
(define l (tcp-listen port 5 #t "127.0.0.1"))
(define-values (i o) (tcp-accept l))
(define cmd (read-line i))
(void (write-string "OK\\n" o))
(flush-output o)
(define-values (si so) (ports->ssl-ports i o #:mode 'accept #:context ctx #:close-original? #t))
(define line (read-line si))
(void (write-string (string-append "secure " line "\\n") so))
(flush-output so)
(printf "~s ~s ~s\\n" cmd line (read-line si))
(close-input-port si) (close-output-port so)`,
      [String(port)],
    );
    const [i, o] = await connectWhenUp(port);
    await writeString('STARTTLS\n', o);
    await flushOutput(o);
    assert.equal(await readLine(i), 'OK');
    const [si, so] = await portsToSslPorts(i, o, {
      context: trustingClient(),
      hostname: 'localhost',
    });
    assert.equal(si.name, 'SSL 127.0.0.1');
    assert.ok(isSslPort(so));
    assert.equal(isSslPeerVerified(si), true);
    assert.ok(isPortClosed(i) && isPortClosed(o), 'the socket is TLS’s now');
    assert.deepEqual(sslAddresses(si).length, 2);
    await writeString('hello\n', so);
    assert.equal(await readLine(si), 'secure hello');
    closeInputPort(si);
    await closeOutputPort(so);
    assert.equal(await racket, '"STARTTLS" "hello" #<eof>\n');
  });

  it(
    'Racket connects at once after its command; racket-net accepts the read-ahead',
    T,
    async () => {
      const listener = await tcpListen(0, 5, true, '127.0.0.1');
      const port = tcpAddresses(listener, true)[1];
      const racket = runRacketAsync(
        `${RACKET_PRELUDE}
(define ctx (ssl-make-client-context 'auto))
(ssl-load-verify-source! ctx ${JSON.stringify(tlsFixture('ca'))})
(ssl-set-verify! ctx #t)
(ssl-set-verify-hostname! ctx #t)
(define-values (i o) (tcp-connect "127.0.0.1" port))
(void (write-string "STARTTLS\\n" o))
(flush-output o)
;; No wait for a reply: the ClientHello follows the command in the same stream.
(define-values (si so) (ports->ssl-ports i o #:context ctx #:hostname "localhost" #:close-original? #t))
(void (write-string "over tls\\n" so))
(flush-output so)
(printf "~s ~s\\n" (read-line si) (read-line si))
(close-input-port si) (close-output-port so)`,
        [String(port)],
      );
      const [i, o] = await tcpAccept(listener);
      assert.equal(await readLine(i), 'STARTTLS');
      // Give the ClientHello time to land in the TCP input port's buffer (the read-ahead).
      await pause(200);
      const [si, so] = await portsToSslPorts(i, o, { mode: 'accept', context: serverContext() });
      assert.equal(si.name, 'SSL tcp-accepted');
      assert.equal(await readLine(si), 'over tls');
      await writeString('reply\n', so);
      closeInputPort(si);
      await closeOutputPort(so);
      assert.equal(await racket, '"reply" #<eof>\n');
      tcpClose(listener);
    },
  );
});

describe('portsToSslPorts over unix-socket ports', () => {
  const socketPath = useSocketDir(after);

  it('both ends upgrade; shutdownOnClose ends TLS at the output close', T, async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const [[ai, ao], [ci, co]] = await Promise.all([
      unixSocketAccept(listener),
      unixSocketConnect(path),
    ]);
    const [[si, so], [ki, ko]] = await Promise.all([
      portsToSslPorts(ai, ao, { mode: 'accept', context: serverContext() }),
      portsToSslPorts(ci, co, {
        context: trustingClient(),
        hostname: 'localhost',
        shutdownOnClose: true,
      }),
    ]);
    assert.equal(ki.name, `SSL ${ci.name}`);
    assert.ok(isPortClosed(ci) && isPortClosed(ao), 'TLS took the sockets themselves');
    assert.equal(isSslPeerVerified(ki), true);
    assertThrowsExn(() => sslAddresses(ki), ExnFail, NOT_TCP);
    await writeString('over unix\n', ko);
    assert.equal(await readLine(si), 'over unix');
    // shutdownOnClose: the client's output close sends close_notify; the server reads EOF
    // and can still answer.
    await closeOutputPort(ko);
    assert.ok(isEofObject(await readBytes(1, si)));
    await writeString('bye\n', so);
    assert.equal(await readLine(ki), 'bye');
    closeInputPort(ki);
    closeInputPort(si);
    await closeOutputPort(so);
    unixSocketCloseListener(listener);
  });
});

describe('portsToSslPorts over pipes', () => {
  /** Two pipes crossed: a client's and a server's ports. */
  function crossedPipes(): {
    client: [ReturnType<typeof makePipe>[0], ReturnType<typeof makePipe>[1]];
    server: [ReturnType<typeof makePipe>[0], ReturnType<typeof makePipe>[1]];
  } {
    const [aIn, aOut] = makePipe();
    const [bIn, bOut] = makePipe();
    return { client: [aIn, bOut], server: [bIn, aOut] };
  }

  it('both modes, a line each way, close-original', T, async () => {
    const { client, server } = crossedPipes();
    const [[ci, co], [si, so]] = await Promise.all([
      portsToSslPorts(client[0], client[1], {
        context: trustingClient(),
        hostname: 'localhost',
        closeOriginal: true,
      }),
      portsToSslPorts(server[0], server[1], {
        mode: 'accept',
        context: serverContext(),
        closeOriginal: true,
      }),
    ]);
    assert.equal(ci.name, `SSL ${client[0].name}`);
    assert.equal(isSslPeerVerified(ci), true);
    assertThrowsExn(() => sslAddresses(ci), ExnFail, NOT_TCP);
    await writeString('ping\n', co);
    assert.equal(await readLine(si), 'ping');
    await writeString('pong\n', so);
    assert.equal(await readLine(ci), 'pong');
    closeInputPort(ci);
    await closeOutputPort(co);
    assert.ok(isEofObject(await readBytes(1, si)));
    closeInputPort(si);
    await closeOutputPort(so);
    await pause(20);
    assert.ok(isPortClosed(client[0]) && isPortClosed(client[1]), 'originals closed');
  });

  it('failures are plain ExnFail named port->ssl-ports', T, async () => {
    const { client, server } = crossedPipes();
    const serverSide = portsToSslPorts(server[0], server[1], {
      mode: 'accept',
      context: serverContext(),
    }).then(
      ([i, o]) => {
        closeInputPort(i);
        return closeOutputPort(o);
      },
      () => {},
    );
    // 'secure' by default: the test CA is not trusted.
    const e = await portsToSslPorts(client[0], client[1], { hostname: 'localhost' }).then(
      () => assert.fail('connected'),
      (x: unknown) => x as Error,
    );
    assert.ok(e instanceof ExnFail && !(e instanceof ExnFailNetwork), String(e));
    assert.equal(
      e.message,
      'port->ssl-ports: connect failed (error:0A000086:SSL routines::certificate verify failed)',
    );
    // The originals stay open (no closeOriginal): closing them ends the server's side.
    closeInputPort(client[0]);
    await closeOutputPort(client[1]);
    await serverSide;
    const [pi, po] = makePipe();
    await assert.rejects(
      portsToSslPorts(pi, po, { context: sslMakeServerContext('auto') }),
      (x: unknown) =>
        x instanceof ExnFail &&
        /^port->ssl-ports: 'connect mode requires a client context, given: /.test(
          (x as Error).message,
        ),
    );
    await assert.rejects(
      portsToSslPorts(pi, po, { mode: 'accept', alpn: [Buffer.from('h2')], encrypt: 'auto' }),
      (x: unknown) =>
        x instanceof ExnFail &&
        (x as Error).message ===
          'port->ssl-ports: #:alpn argument is supported only in connect mode;\n for accept mode, use `ssl-set-server-alpn!`',
    );
    await assert.rejects(
      portsToSslPorts(pi, po, { mode: 'accept' }),
      (x: unknown) =>
        x instanceof ExnFail &&
        (x as Error).message ===
          'port->ssl-ports: accept failed (hostname not provided for verification)',
    );
    await assert.rejects(portsToSslPorts(pi, po, { mode: 'listen' as never }), ExnFailContract);
  });
});

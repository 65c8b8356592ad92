/**
 * The STARTTLS example, run as a user would: a racket-net client that upgrades with
 * `portsToSslPorts`, and Racket CS's `ports->ssl-ports` as the client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  closeInputPort,
  closeOutputPort,
  flushOutput,
  portToString,
  readLine,
  tcpConnect,
  writeString,
} from '../index.js';
import {
  isSslPort,
  portsToSslPorts,
  sslLoadVerifySource,
  sslMakeClientContext,
  sslSetVerify,
  sslSetVerifyHostname,
} from '../ssl/index.js';
import { runRacketAsync, skipWithoutRacket } from '../test-support/racket.js';
import { tlsFixture } from '../test-support/tls.js';
import { startStarttlsServer } from './starttls-server.js';

const start = () => startStarttlsServer(tlsFixture('server'), tlsFixture('server', 'key'));

test(
  'STARTTLS: plaintext, the upgrade, then lines over TLS (racket-net client)',
  {
    timeout: 10_000,
  },
  async () => {
    const server = await start();
    try {
      let [input, output] = await tcpConnect('127.0.0.1', server.port);
      const ask = async (line: string) => {
        await writeString(`${line}\r\n`, output);
        await flushOutput(output);
        return readLine(input, 'any');
      };
      assert.equal(await readLine(input, 'any'), '220 ready');
      assert.equal(await ask('HELLO'), '250 plain: HELLO');
      assert.equal(await ask('STARTTLS'), '220 go ahead');
      const ctx = sslMakeClientContext('auto');
      sslLoadVerifySource(ctx, tlsFixture('ca'));
      sslSetVerify(ctx, true);
      sslSetVerifyHostname(ctx, true);
      [input, output] = await portsToSslPorts(input, output, {
        context: ctx,
        hostname: 'localhost',
      });
      assert.ok(isSslPort(input));
      assert.equal(await ask('HELLO'), '250 tls: HELLO');
      assert.equal(await ask('STARTTLS'), '454 TLS already active');
      assert.equal(await ask('QUIT'), '221 bye');
      assert.equal(await portToString(input), '');
      closeInputPort(input);
      await closeOutputPort(output);
    } finally {
      server.stop();
    }
  },
);

const RACKET_CLIENT = `#lang racket/base
(require racket/tcp openssl)
(define-values (port ca) (values (string->number (vector-ref (current-command-line-arguments) 0))
                                 (vector-ref (current-command-line-arguments) 1)))
(define-values (in out) (tcp-connect "127.0.0.1" port))
(define (ask line i o)
  (write-string (string-append line "\\r\\n") o)
  (flush-output o)
  (read-line i 'any))
(printf "~a\\n" (read-line in 'any))
(printf "~a\\n" (ask "HELLO" in out))
(printf "~a\\n" (ask "STARTTLS" in out))
(define ctx (ssl-make-client-context 'auto))
(ssl-load-verify-source! ctx ca)
(ssl-set-verify! ctx #t)
(ssl-set-verify-hostname! ctx #t)
(define-values (sin sout)
  (ports->ssl-ports in out #:mode 'connect #:context ctx #:hostname "localhost"))
(printf "~a\\n" (ask "HELLO" sin sout))
(printf "~a\\n" (ask "QUIT" sin sout))
(printf "~s\\n" (read-line sin 'any))
(close-input-port sin)
(close-output-port sout)
`;

test(
  'STARTTLS: Racket CS upgrades with ports->ssl-ports',
  {
    skip: skipWithoutRacket(),
    timeout: 30_000,
  },
  async () => {
    const server = await start();
    try {
      const out = await runRacketAsync(RACKET_CLIENT, [String(server.port), tlsFixture('ca')]);
      assert.equal(
        out,
        '220 ready\n250 plain: HELLO\n220 go ahead\n250 tls: HELLO\n221 bye\n#<eof>\n',
      );
    } finally {
      server.stop();
    }
  },
);

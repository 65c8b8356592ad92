/** OpenSSL reasons in Racket's form, from the errors Node really raises. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { tlsFixture } from '../test-support/tls.js';
import { CERTIFICATE_VERIFY_FAILED, opensslReason, systemLibraryReason } from './openssl-reason.js';

/** The error a Node TLS client gets from a server that answers with an alert (no shared cipher). */
async function handshakeError(): Promise<Error> {
  const server = net.createServer((raw) => {
    raw.on('error', () => {});
    const sock = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: tls.createSecureContext({
        key: readFileSync(tlsFixture('server', 'key')),
        cert: readFileSync(tlsFixture('server')),
        ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
        maxVersion: 'TLSv1.2',
      }),
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await new Promise<Error>((resolve) => {
      const sock = tls.connect({
        host: '127.0.0.1',
        port: (server.address() as net.AddressInfo).port,
        rejectUnauthorized: false,
        ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
        maxVersion: 'TLSv1.2',
      });
      sock.on('error', resolve);
      sock.on('secureConnect', () => resolve(new Error('connected')));
    });
  } finally {
    server.close();
  }
}

describe('opensslReason', () => {
  it('rebuilds Racket’s form from a handshake alert', { timeout: 10_000 }, async () => {
    const error = await handshakeError();
    assert.match(error.message, /ssl3_read_bytes/, 'Node’s form carries the function');
    // OpenSSL 3.0 (Node 20) says `sslv3 alert`, 3.2 and later (Node 22+) `ssl/tls alert`.
    assert.match(
      opensslReason(error) ?? '',
      /^error:0A000410:SSL routines::(sslv3|ssl\/tls) alert handshake failure$/,
    );
  });

  it('reads Node’s OpenSSL 3 messages without a function name', () => {
    let error: unknown;
    try {
      tls.createSecureContext({ cert: 'garbage' });
    } catch (e) {
      error = e;
    }
    assert.equal(opensslReason(error), 'error:0480006C:PEM routines::no start line');
  });

  it('falls back to the error stack, upper-cases the code, and gives null without one', () => {
    const e = Object.assign(new Error('something'), {
      opensslErrorStack: ['error:0a0000b9:SSL routines::no cipher match'],
    });
    assert.equal(opensslReason(e), 'error:0A0000B9:SSL routines::no cipher match');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    assert.equal(opensslReason(reset), null);
    assert.equal(opensslReason(undefined), null);
    assert.equal(
      opensslReason('error:0A000086:SSL routines:f:certificate verify failed'),
      CERTIFICATE_VERIFY_FAILED,
    );
  });

  it('words system errors as OpenSSL’s system library does', () => {
    assert.equal(
      systemLibraryReason(2, 'No such file or directory'),
      'error:80000002:system library::No such file or directory',
    );
    assert.equal(
      systemLibraryReason(13, 'Permission denied'),
      'error:8000000D:system library::Permission denied',
    );
  });
});

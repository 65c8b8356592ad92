/**
 * The settings a context builds really work: two raw Node TLS sockets over loopback handshake
 * with them (connect and listen are tested with racket-net's own sockets elsewhere), and the
 * verification, ALPN, SNI, version and key-exchange choices come out as the context says.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { tlsFixture } from '../test-support/tls.js';
import { parameterize } from '../parameter/parameter.js';
import { type SslContext, type SslServerContext } from './context-core.js';
import { sslLoadCertificateChain, sslLoadPrivateKey } from './certificates.js';
import { sslMakeClientContext, sslMakeServerContext } from './make.js';
import { sslSecureClientContext } from './secure.js';
import {
  sslServerContextEnableDhe,
  sslServerContextEnableEcdhe,
  sslSetServerAlpn,
  sslSetServerNameIdentificationCallback,
} from './server-options.js';
import { sslDefaultVerifySources, sslLoadVerifySource } from './verify-sources.js';
import { sslSetCiphers, sslSetVerify, sslSetVerifyHostname, sslTryVerify } from './verification.js';

const T = { timeout: 10_000 };

function serverContext(name: 'server' | 'wrong-name' | 'self-signed' | 'expired' = 'server') {
  return sslMakeServerContext('auto', {
    certificateChain: tlsFixture(name),
    privateKey: ['pem', tlsFixture(name, 'key')],
  });
}

function verifyingClient(protocol: 'auto' | 'tls12' | 'tls13' = 'auto') {
  const ctx = sslMakeClientContext(protocol);
  sslLoadVerifySource(ctx, tlsFixture('ca'));
  sslSetVerify(ctx, true);
  return ctx;
}

/** ALPN protocols in wire format (length-prefixed), the one form Node 20's TLSSocket takes bytes in. */
const alpnWire = (protocols: readonly Uint8Array[]): Buffer =>
  Buffer.concat(protocols.flatMap((p) => [Buffer.from([p.length]), Buffer.from(p)]));

interface Outcome {
  /** The client's view: chain verified, its error code, the host-name check, version, ALPN, the server's CN. */
  readonly client?: {
    authorized: boolean;
    error: string | null;
    hostnameOk: boolean | null;
    version: string | null;
    alpn: string | false;
    serverCn: string | undefined;
    curve: string | undefined;
  };
  /** The server's view of the client certificate (null: none). */
  readonly server?: { authorized: boolean; clientCn: string | undefined };
  /** A handshake failure, as the side that failed saw it. */
  readonly failed?: string;
}

/**
 * Handshakes a client made with `client`'s settings against a server made with `server`'s, as
 * the connections layer will: the server side applies verify/tryVerify/ALPN/SNI, the client
 * checks the chain (and the host name when the context says so) after the handshake.
 */
async function handshake(
  server: SslContext,
  client: SslContext,
  opts: { host?: string; alpn?: string[]; servername?: string } = {},
): Promise<Outcome> {
  const s = server.settings();
  const c = client.settings();
  const host = opts.host ?? 'localhost';
  // A bare server TLSSocket over a plain TCP server, as the connections layer makes one
  // (tls.Server would ignore `secureContext`).
  let serverResolve: (v: Outcome['server'] | string) => void = () => {};
  const serverSide = new Promise<Outcome['server'] | string>((r) => (serverResolve = r));
  const tlsServer = net.createServer((raw) => {
    raw.on('error', () => {});
    const sock = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: s.secureContext,
      requestCert: s.verify || s.tryVerify,
      rejectUnauthorized: s.verify,
      ...(s.alpn.length ? { ALPNProtocols: alpnWire(s.alpn) } : {}),
      ...(s.sniCallback
        ? {
            SNICallback: (name: string, cb: (e: Error | null, ctx?: tls.SecureContext) => void) => {
              const chosen = s.sniCallback!(name);
              cb(null, chosen ? chosen.settings().secureContext : undefined);
            },
          }
        : {}),
    });
    sock.on('error', (err) => serverResolve(`server: ${err.message}`));
    sock.on('secure', () => {
      const peer = sock.getPeerCertificate();
      // Node's server verify callback accepts every chain; OpenSSL's verdict is here.
      const verdict = (
        sock as unknown as { ssl: { verifyError(): Error | null } }
      ).ssl.verifyError();
      serverResolve({
        authorized: peer?.subject !== undefined && verdict === null,
        clientCn: peer?.subject?.CN as string | undefined,
      });
      sock.end();
    });
  });
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  const port = (tlsServer.address() as net.AddressInfo).port;
  try {
    const clientSide = await new Promise<Outcome['client'] | string>((resolve) => {
      const sock = tls.connect({
        host: '127.0.0.1',
        port,
        secureContext: c.secureContext,
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        ...(opts.servername !== undefined || !net.isIP(host)
          ? { servername: opts.servername ?? host }
          : {}),
        ...(opts.alpn ? { ALPNProtocols: opts.alpn } : {}),
      });
      sock.on('error', (err) => resolve(`client: ${err.message}`));
      sock.on('secureConnect', () => {
        const cert = sock.getPeerCertificate();
        const hostnameOk = c.verifyHostname
          ? tls.checkServerIdentity(host, cert) === undefined
          : null;
        resolve({
          authorized: sock.authorized,
          error: sock.authorizationError ? String(sock.authorizationError) : null,
          hostnameOk,
          version: sock.getProtocol(),
          alpn: sock.alpnProtocol ?? false,
          serverCn: cert?.subject?.CN as string | undefined,
          curve: (sock.getEphemeralKeyInfo() as { name?: string } | null)?.name,
        });
        // Let the server finish its side (TLS 1.3 sends the client's certificate verdict late).
        setTimeout(() => sock.end(), 50);
      });
    });
    if (typeof clientSide === 'string') return { failed: clientSide };
    const serverResult = await Promise.race([
      serverSide,
      new Promise<string>((r) => setTimeout(() => r('server: no result'), 2000)),
    ]);
    if (typeof serverResult === 'string') return { client: clientSide, failed: serverResult };
    return { client: clientSide, server: serverResult };
  } finally {
    tlsServer.close();
  }
}

describe('settings(): verification', () => {
  it('a verifying client trusts the server certificate the CA signed', T, async () => {
    const out = await handshake(serverContext(), verifyingClient());
    assert.equal(out.client?.authorized, true);
    assert.equal(out.client?.serverCn, 'localhost');
    assert.equal(out.client?.hostnameOk, null, 'no host-name check unless asked');
  });

  it('a context with no verify source trusts nothing (not Node’s bundled roots)', T, async () => {
    const ctx = sslMakeClientContext('auto');
    sslSetVerify(ctx, true);
    const out = await handshake(serverContext(), ctx);
    assert.equal(out.client?.authorized, false);
    assert.equal(out.client?.error, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  for (const [name, error] of [
    ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'CERT_HAS_EXPIRED'],
  ] as const) {
    it(`a verifying client rejects the ${name} certificate`, T, async () => {
      const out = await handshake(serverContext(name), verifyingClient());
      assert.equal(out.client?.authorized, false);
      assert.equal(out.client?.error, error);
    });
  }

  it('the wrong-name certificate verifies but fails the host-name check', T, async () => {
    const ctx = verifyingClient();
    sslSetVerifyHostname(ctx, true);
    assert.equal((await handshake(serverContext('wrong-name'), ctx)).client?.hostnameOk, false);
    const good = await handshake(serverContext(), ctx);
    assert.equal(good.client?.hostnameOk, true);
    assert.equal(good.client?.authorized, true);
  });

  it(
    'the secure context checks chain and host name against the default verify sources',
    T,
    async () => {
      const system = await handshake(serverContext(), sslSecureClientContext());
      assert.equal(system.client?.authorized, false, 'the test CA is not a system root');
      await parameterize(sslDefaultVerifySources, [tlsFixture('ca')], async () => {
        const ctx = sslSecureClientContext();
        const out = await handshake(serverContext(), ctx);
        assert.equal(out.client?.authorized, true);
        assert.equal(out.client?.hostnameOk, true);
        const wrong = await handshake(serverContext('wrong-name'), ctx);
        assert.equal(wrong.client?.hostnameOk, false);
      });
    },
  );

  it(
    'a verifying server requires a good client certificate; try-verify accepts none',
    T,
    async () => {
      const requiring = serverContext();
      sslLoadVerifySource(requiring, tlsFixture('ca'));
      sslSetVerify(requiring, true);
      const withCert = sslMakeClientContext('auto', {
        certificateChain: tlsFixture('client'),
        privateKey: ['pem', tlsFixture('client', 'key')],
      });
      const ok = await handshake(requiring, withCert);
      assert.deepEqual(ok.server, { authorized: true, clientCn: 'racket-net test client' });

      const without = await handshake(requiring, sslMakeClientContext('tls12'));
      assert.match(without.failed ?? '', /certificate|handshake failure/);

      const trying = serverContext();
      sslLoadVerifySource(trying, tlsFixture('ca'));
      sslTryVerify(trying, true);
      const none = await handshake(trying, sslMakeClientContext('auto'));
      assert.deepEqual(none.server, { authorized: false, clientCn: undefined });
    },
  );
});

describe('settings(): ALPN and SNI', () => {
  it('the server picks its most preferred protocol among the client’s', T, async () => {
    const server = serverContext();
    sslSetServerAlpn(server, [Buffer.from('h2'), Buffer.from('http/1.1')]);
    const out = await handshake(server, sslMakeClientContext(), { alpn: ['http/1.1', 'h2'] });
    assert.equal(out.client?.alpn, 'h2');
    const only = await handshake(server, sslMakeClientContext(), { alpn: ['http/1.1'] });
    assert.equal(only.client?.alpn, 'http/1.1');
    const none = await handshake(server, sslMakeClientContext());
    assert.equal(none.client?.alpn, false);
  });

  it('the SNI callback switches to the context it returns, or keeps this one', T, async () => {
    const fallback = serverContext('wrong-name');
    const named: SslServerContext = serverContext();
    const seen: string[] = [];
    sslSetServerNameIdentificationCallback(fallback, (name) => {
      seen.push(name);
      return name === 'localhost' ? named : false;
    });
    const out = await handshake(fallback, sslMakeClientContext(), { servername: 'localhost' });
    assert.equal(out.client?.serverCn, 'localhost');
    const other = await handshake(fallback, sslMakeClientContext(), { servername: 'other.test' });
    assert.equal(other.client?.serverCn, 'wrong.example');
    assert.deepEqual(seen, ['localhost', 'other.test']);
  });
});

describe('settings(): versions, ciphers and key exchange', () => {
  it('tls12 and tls13 pin the version; a pinned pair that differs fails', T, async () => {
    assert.equal(
      (await handshake(serverContext(), verifyingClient('tls12'))).client?.version,
      'TLSv1.2',
    );
    assert.equal(
      (await handshake(serverContext(), verifyingClient('tls13'))).client?.version,
      'TLSv1.3',
    );
    assert.equal(
      (await handshake(serverContext(), verifyingClient('auto'))).client?.version,
      'TLSv1.3',
    );
    const server13 = sslMakeServerContext('tls13', {
      certificateChain: tlsFixture('server'),
      privateKey: ['pem', tlsFixture('server', 'key')],
    });
    const out = await handshake(server13, sslMakeClientContext('tls12'));
    assert.match(out.failed ?? '', /protocol version|version/);
  });

  it('tls and tls11 contexts speak TLS 1.0 and 1.1 (security level 0), not 1.2', T, async () => {
    for (const [protocol, version] of [
      ['tls', 'TLSv1'],
      ['tls11', 'TLSv1.1'],
    ] as const) {
      const server = sslMakeServerContext(protocol, {
        certificateChain: tlsFixture('server'),
        privateKey: ['pem', tlsFixture('server', 'key')],
      });
      const client = sslMakeClientContext(protocol);
      assert.equal((await handshake(server, client)).client?.version, version);
      assert.ok((await handshake(serverContext(), client)).failed, `${protocol} against TLS 1.2+`);
    }
  });

  it('ssl-set-ciphers! limits TLS 1.2 suites', T, async () => {
    const client = sslMakeClientContext('tls12');
    sslSetCiphers(client, 'ECDHE-RSA-AES256-GCM-SHA384');
    const out = await handshake(serverContext(), client);
    assert.equal(out.client?.version, 'TLSv1.2');
    const server = serverContext();
    sslSetCiphers(server, 'ECDHE-RSA-CHACHA20-POLY1305');
    assert.ok((await handshake(server, client)).failed, 'no shared cipher');
  });

  it('DHE works only once enabled', T, async () => {
    const client = sslMakeClientContext('tls12');
    sslSetCiphers(client, 'DHE-RSA-AES128-GCM-SHA256');
    const plain = serverContext();
    assert.ok((await handshake(plain, client)).failed, 'no DHE without parameters');
    const dhe = serverContext();
    sslServerContextEnableDhe(dhe);
    const out = await handshake(dhe, client);
    assert.equal(out.client?.version, 'TLSv1.2');
    assert.equal(out.client?.curve, undefined, 'finite-field DH, no curve');
  });

  it('ECDHE uses the one curve enabled', T, async () => {
    const server = serverContext();
    sslServerContextEnableEcdhe(server, 'prime256v1');
    assert.equal((await handshake(server, sslMakeClientContext())).client?.curve, 'prime256v1');
    sslServerContextEnableEcdhe(server, 'secp384r1');
    assert.equal((await handshake(server, sslMakeClientContext())).client?.curve, 'secp384r1');
  });

  it('a key and chain loaded into a server context after creation are used', T, async () => {
    const server = sslMakeServerContext();
    sslLoadCertificateChain(server, tlsFixture('server'));
    sslLoadPrivateKey(server, tlsFixture('server', 'key'));
    assert.equal((await handshake(server, verifyingClient())).client?.authorized, true);
  });
});

/**
 * Contexts: making them, the predicates and protocol lists, sealing, the settings cache,
 * `contextFor`, the listener and port hooks, and every argument check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExnFail, ExnFailUnsupported } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { parameterize } from '../parameter/parameter.js';
import {
  assertContractErrors,
  assertThrowsExn,
  contractMessage,
} from '../test-support/exn-assert.js';
import { tlsFixture } from '../test-support/tls.js';
import {
  contextFor,
  PROTOCOL_CONTRACT,
  sslContextOf,
  sslPortTag,
  SslClientContext,
  SslServerContext,
} from './context.js';
import {
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslLoadSuggestedCertificateAuthorities,
} from './certificates.js';
import {
  isSslClientContext,
  isSslContext,
  isSslServerContext,
  sslAvailable,
  sslMakeClientContext,
  sslMakeServerContext,
  sslMaxClientProtocol,
  sslMaxServerProtocol,
  supportedClientProtocols,
  supportedServerProtocols,
} from './make.js';
import { sslSecureClientContext } from './secure.js';
import {
  sslServerContextEnableDhe,
  sslServerContextEnableEcdhe,
  sslSetServerAlpn,
  sslSetServerNameIdentificationCallback,
} from './server-options.js';
import {
  sslDefaultVerifySources,
  sslLoadDefaultVerifySources,
  sslLoadVerifyRootCertificates,
  sslLoadVerifySource,
} from './verify-sources.js';
import {
  sslSealContext,
  sslSetCiphers,
  sslSetVerify,
  sslSetVerifyHostname,
  sslTryVerify,
} from './verification.js';

const sealed = (who: string) => `${who}: context is sealed; no further changes are allowed`;
const h2 = new TextEncoder().encode('h2');

describe('making contexts', () => {
  it('makes client and server contexts, told apart by the predicates', () => {
    const c = sslMakeClientContext();
    const s = sslMakeServerContext();
    assert.ok(c instanceof SslClientContext && s instanceof SslServerContext);
    assert.deepEqual(
      [isSslClientContext(c), isSslServerContext(c), isSslContext(c)],
      [true, false, true],
    );
    assert.deepEqual(
      [isSslClientContext(s), isSslServerContext(s), isSslContext(s)],
      [false, true, true],
    );
    assert.deepEqual(
      [isSslContext(5), isSslClientContext({}), isSslServerContext(null)],
      [false, false, false],
    );
    assert.equal(c.protocol, 'auto');
    assert.equal(formatValue(c), '#<ssl-client-context>');
    assert.equal(formatValue(s), '#<ssl-server-context>');
    assert.notEqual(sslMakeClientContext(), c, 'a fresh context each time');
  });

  it('lists the protocols Racket lists here, best last', () => {
    const all = ['secure', 'auto', 'tls', 'tls11', 'tls12', 'tls13'];
    assert.deepEqual(supportedClientProtocols(), all);
    assert.deepEqual(supportedServerProtocols(), all);
    assert.equal(sslMaxClientProtocol(), 'tls13');
    assert.equal(sslMaxServerProtocol(), 'tls13');
    assert.equal(sslAvailable, true);
    for (const p of all.slice(1)) {
      assert.equal(sslMakeClientContext(p as 'auto').protocol, p);
      assert.equal(sslMakeServerContext(p as 'auto').protocol, p);
      sslMakeServerContext(p as 'auto').settings(); // Node accepts every version range
    }
  });

  it('raises exn:fail:unsupported for the SSL protocols', () => {
    for (const p of ['sslv2', 'sslv3', 'sslv2-or-v3'] as const) {
      assertThrowsExn(
        () => sslMakeClientContext(p),
        ExnFailUnsupported,
        `ssl-make-client-context: requested protocol not supported\n  requested: '${p}`,
      );
      assertThrowsExn(
        () => sslMakeServerContext(p),
        ExnFailUnsupported,
        `ssl-make-server-context: requested protocol not supported\n  requested: '${p}`,
      );
    }
  });

  it('loads a key and chain given as keywords, PEM or DER, any key type', () => {
    const ctx = sslMakeServerContext('auto', {
      certificateChain: tlsFixture('server'),
      privateKey: ['pem', tlsFixture('server', 'key')],
    });
    assert.ok(ctx.settings().secureContext);
    assertThrowsExn(
      () => sslMakeClientContext('auto', { certificateChain: '/nonexistent.pem' }),
      ExnFail,
      'ssl-load-certificate-chain!: load failed from: "/nonexistent.pem" (error:80000002:system library::No such file or directory)',
    );
    assertThrowsExn(
      () => sslMakeClientContext('auto', { privateKey: ['der', tlsFixture('server', 'key')] }),
      ExnFail,
      /^ssl-load-private-key!: load failed from: ".*server-key.pem" \(error:1E08010C:DECODER routines::unsupported\)$/,
    );
  });
});

describe('the secure client context', () => {
  it('is cached, sealed, verifying, and what the secure protocol gives', () => {
    const ctx = sslSecureClientContext();
    assert.equal(sslSecureClientContext(), ctx);
    assert.equal(sslMakeClientContext('secure'), ctx);
    assert.equal(contextFor('ssl-connect', 'secure', 'client'), ctx);
    assert.equal(ctx.sealed, true);
    const settings = ctx.settings();
    assert.deepEqual([settings.verify, settings.verifyHostname], [true, true]);
  });

  it('is made anew when the default verify sources change', () => {
    const before = sslSecureClientContext();
    const other = parameterize(sslDefaultVerifySources, [tlsFixture('ca')], () =>
      sslSecureClientContext(),
    );
    assert.notEqual(other, before);
    assert.equal(other.sealed, true);
  });

  it('with a key or chain, the secure protocol makes a new secure context', () => {
    const ctx = sslMakeClientContext('secure', { certificateChain: tlsFixture('client') });
    assert.notEqual(ctx, sslSecureClientContext());
    assert.equal(ctx.sealed, true);
    assert.equal(ctx.settings().verify, true);
  });
});

describe('sealing and changes', () => {
  it('every change to a sealed context raises Racket’s error; sealing twice is fine', () => {
    const c = sslMakeClientContext();
    const s = sslMakeServerContext();
    sslSealContext(c);
    sslSealContext(c);
    sslSealContext(s);
    const cert = tlsFixture('server');
    const cases: [() => unknown, string][] = [
      [() => sslSetVerify(c, true), 'ssl-set-verify!'],
      [() => sslTryVerify(c, true), 'ssl-try-verify!'],
      [() => sslSetVerifyHostname(c, true), 'ssl-set-verify-hostname!'],
      [() => sslSetCiphers(c, 'DEFAULT'), 'ssl-set-ciphers!'],
      [() => sslLoadCertificateChain(c, cert), 'ssl-load-certificate-chain!'],
      [() => sslLoadPrivateKey(c, tlsFixture('server', 'key')), 'ssl-load-private-key!'],
      [() => sslLoadVerifySource(c, cert), 'ssl-load-verify-source!'],
      [() => sslLoadVerifyRootCertificates(c, cert), 'ssl-load-verify-root-certificates!'],
      [
        () => sslLoadSuggestedCertificateAuthorities(c, cert),
        'ssl-load-suggested-certificate-authorities!',
      ],
      [() => sslLoadDefaultVerifySources(c), 'ssl-load-verify-source!'],
      [() => sslSetServerAlpn(s, [h2]), 'ssl-set-server-alpn!'],
      [() => sslServerContextEnableEcdhe(s), 'ssl-server-context-enable-ecdhe!'],
      [() => sslServerContextEnableDhe(s), 'ssl-server-context-enable-dhe!'],
      [
        () => sslSetServerNameIdentificationCallback(s, () => false),
        'ssl-set-server-name-identification-callback!',
      ],
    ];
    for (const [call, who] of cases) assertThrowsExn(call, ExnFail, sealed(who));
    assert.equal(c.settings().verify, false, 'nothing changed');
  });

  it('settings are cached until the next change, which a new build sees', () => {
    const ctx = sslMakeClientContext();
    const first = ctx.settings();
    assert.equal(ctx.settings(), first);
    sslSetVerify(ctx, true);
    const second = ctx.settings();
    assert.notEqual(second, first);
    assert.deepEqual([first.verify, second.verify, second.tryVerify], [false, true, false]);
    sslTryVerify(ctx, 'yes');
    assert.deepEqual([ctx.settings().verify, ctx.settings().tryVerify], [false, true]);
    sslTryVerify(ctx, false);
    assert.deepEqual([ctx.settings().verify, ctx.settings().tryVerify], [false, false]);
    sslSetVerifyHostname(ctx, 0);
    assert.equal(ctx.settings().verifyHostname, true, 'any value but false turns it on');
  });

  it('ALPN and SNI settings are copied into settings()', () => {
    const s = sslMakeServerContext();
    const protos = [h2, new TextEncoder().encode('http/1.1')];
    sslSetServerAlpn(s, protos, false);
    protos[0] = new Uint8Array([1]);
    assert.deepEqual(
      s.settings().alpn.map((p) => Buffer.from(p).toString()),
      ['h2', 'http/1.1'],
    );
    assert.equal(s.settings().alpnAllowNoMatch, false);
    const other = sslMakeServerContext();
    sslSetServerNameIdentificationCallback(s, (name) => (name === 'a' ? other : false));
    const cb = s.settings().sniCallback!;
    assert.equal(cb('a'), other);
    assert.equal(cb('b'), false);
    sslSetServerNameIdentificationCallback(s, () => 5 as unknown as false);
    assert.throws(
      () => s.settings().sniCallback!('a'),
      (e: Error) =>
        e.message ===
        contractMessage(
          'ssl-set-server-name-identification-callback!',
          '(or/c ssl-server-context? #f)',
          '5',
        ),
    );
  });

  it('changes through an SSL listener reach its context; a port raises unsupported', () => {
    const ctx = sslMakeServerContext();
    const listener = { [sslContextOf]: ctx };
    sslLoadCertificateChain(listener, tlsFixture('server'));
    sslLoadPrivateKey(listener, tlsFixture('server', 'key'));
    sslSetVerify(listener, true);
    sslLoadVerifyRootCertificates(listener, tlsFixture('ca'));
    assert.equal(ctx.settings().verify, true);
    const port = { [sslPortTag]: true as const };
    for (const [call, who] of [
      [() => sslSetVerify(port, true), 'ssl-set-verify!'],
      [() => sslTryVerify(port, true), 'ssl-try-verify!'],
    ] as const) {
      assertThrowsExn(
        call,
        ExnFailUnsupported,
        `${who}: renegotiation is not supported; set verification on the context before connecting`,
      );
    }
    assert.throws(
      () => sslLoadVerifyRootCertificates(port, tlsFixture('ca')),
      (e: Error) =>
        e.message.startsWith(
          'ssl-load-verify-root-certificates!: contract violation\n  expected: (or/c ssl-context? ssl-listener?)\n',
        ),
    );
  });
});

describe('contextFor', () => {
  it('uses a context of the right side as it is, makes one for a protocol', () => {
    const c = sslMakeClientContext();
    const s = sslMakeServerContext();
    assert.equal(contextFor('ssl-connect', c, 'client'), c);
    assert.equal(contextFor('ssl-listen', s, 'server'), s);
    const made = contextFor('ssl-connect', 'tls12', 'client');
    assert.ok(made instanceof SslClientContext && made.protocol === 'tls12' && !made.sealed);
    const server = contextFor('ssl-listen', 'secure', 'server');
    assert.ok(server instanceof SslServerContext && server.protocol === 'auto');
    assertThrowsExn(
      () => contextFor('ssl-listen', 'sslv3', 'server'),
      ExnFailUnsupported,
      "ssl-listen: requested protocol not supported\n  requested: 'sslv3",
    );
  });

  it('rejects anything else with the caller’s contract', async () => {
    await assertContractErrors([
      [
        () => contextFor('ssl-connect', 5, 'client'),
        contractMessage('ssl-connect', `(or/c ssl-client-context? ${PROTOCOL_CONTRACT})`, '5'),
      ],
      [
        () => contextFor('ssl-connect', sslMakeServerContext(), 'client'),
        contractMessage(
          'ssl-connect',
          `(or/c ssl-client-context? ${PROTOCOL_CONTRACT})`,
          '#<ssl-server-context>',
        ),
      ],
      [
        () => contextFor('ssl-listen', sslMakeClientContext(), 'server'),
        contractMessage(
          'ssl-listen',
          `(or/c ssl-server-context? ${PROTOCOL_CONTRACT})`,
          '#<ssl-client-context>',
        ),
      ],
    ]);
  });
});

describe('argument checks', () => {
  it('raises Racket’s contract violations', async () => {
    const c = sslMakeClientContext();
    const s = sslMakeServerContext();
    const bad = (who: string, expected: string, given: string) =>
      contractMessage(who, expected, given);
    const any = (f: unknown) => f as never;
    await assertContractErrors([
      [
        () => sslMakeClientContext(any('bogus')),
        bad('ssl-make-client-context', PROTOCOL_CONTRACT, '"bogus"'),
      ],
      [
        () => sslMakeClientContext('auto', { privateKey: any('/x.pem') }),
        bad(
          'ssl-make-client-context',
          '(or/c (list/c (quote pem) path-string?) (list/c (quote der) path-string?) #f)',
          '"/x.pem"',
        ),
      ],
      [
        () => sslMakeServerContext('auto', { certificateChain: any(5) }),
        bad('ssl-make-server-context', '(or/c path-string? #f)', '5'),
      ],
      [
        () => sslLoadCertificateChain(any(5), '/x'),
        bad('ssl-load-certificate-chain!', '(or/c ssl-context? ssl-listener?)', '5'),
      ],
      [
        () => sslLoadCertificateChain(c, any(5)),
        bad('ssl-load-certificate-chain!', 'path-string?', '5'),
      ],
      [() => sslLoadPrivateKey(c, ''), bad('ssl-load-private-key!', 'path-string?', '""')],
      [
        () => sslLoadVerifyRootCertificates(any(5), 'x'),
        bad(
          'ssl-load-verify-root-certificates!',
          '(or/c ssl-context? ssl-listener? ssl-port?)',
          '5',
        ),
      ],
      [() => sslLoadVerifySource(any(5), 'x'), bad('ssl-load-verify-source!', 'ssl-context?', '5')],
      [
        () => sslLoadVerifySource(c, any(5)),
        /^ssl-load-verify-source!: contract violation\n {2}expected: \(or\/c path-string\? \(list\/c \(quote directory\) path-string\?\) .*\n {2}given: 5$/,
      ],
      [
        () => sslLoadDefaultVerifySources(any(5)),
        bad('ssl-load-default-verify-sources!', 'ssl-context?', '5'),
      ],
      [
        () => sslSetVerify(any(5), true),
        bad('ssl-set-verify!', '(or/c ssl-context? ssl-listener? ssl-port?)', '5'),
      ],
      [
        () => sslTryVerify(any(5), true),
        bad('ssl-try-verify!', '(or/c ssl-context? ssl-listener? ssl-port?)', '5'),
      ],
      [
        () => sslSetVerifyHostname(any(5), true),
        bad('ssl-set-verify-hostname!', 'ssl-context?', '5'),
      ],
      [() => sslSetCiphers(any(5), 'x'), bad('ssl-set-ciphers!', 'ssl-context?', '5')],
      [() => sslSetCiphers(c, any(5)), bad('ssl-set-ciphers!', 'string?', '5')],
      [() => sslSealContext(any(5)), bad('ssl-seal-context!', 'ssl-context?', '5')],
      [
        () => sslServerContextEnableEcdhe(any(c)),
        bad('ssl-server-context-enable-ecdhe!', 'ssl-server-context?', '#<ssl-client-context>'),
      ],
      [
        () => sslServerContextEnableEcdhe(s, any('nope')),
        /^ssl-server-context-enable-ecdhe!: contract violation\n {2}expected: \(or\/c \(quote sect163k1\) .* \(quote prime256v1\)\)\n {2}given: "nope"$/,
      ],
      [
        () => sslServerContextEnableDhe(s, any(5)),
        bad('ssl-server-context-enable-dhe!', '(or/c path-string? bytes?)', '5'),
      ],
      [
        () => sslSetServerAlpn(any(c), [h2]),
        bad('ssl-set-server-alpn!', 'ssl-server-context?', '#<ssl-client-context>'),
      ],
      [() => sslSetServerAlpn(s, any(5)), bad('ssl-set-server-alpn!', 'list?', '5')],
      [
        () => sslSetServerAlpn(s, [h2, any(5)]),
        bad('ssl-set-server-alpn!', 'alpn-protocol-bytes/c', '5'),
      ],
      [
        () => sslSetServerAlpn(s, [new Uint8Array(0)]),
        bad('ssl-set-server-alpn!', 'alpn-protocol-bytes/c', '#""'),
      ],
      [() => sslSetServerAlpn(s, [h2], any(5)), bad('ssl-set-server-alpn!', 'boolean?', '5')],
      [
        () => sslSetServerNameIdentificationCallback(any(c), () => false),
        bad(
          'ssl-set-server-name-identification-callback!',
          'ssl-server-context?',
          '#<ssl-client-context>',
        ),
      ],
      [
        () => sslSetServerNameIdentificationCallback(s, any(5)),
        bad('ssl-set-server-name-identification-callback!', 'a procedure', '5'),
      ],
      [() => sslDefaultVerifySources(any(5)), bad('ssl-default-verify-sources', 'list?', '5')],
      [
        () => sslDefaultVerifySources(any([5])),
        /^ssl-default-verify-sources: contract violation\n {2}expected: \(or\/c path-string\? .*\n {2}given: 5$/,
      ],
    ]);
  });
});

describe('ciphers, DHE, ECDHE', () => {
  it('rejects a cipher list that matches nothing, keeps the old one', () => {
    const c = sslMakeClientContext();
    sslSetCiphers(c, 'ECDHE-RSA-AES128-GCM-SHA256');
    assertThrowsExn(
      () => sslSetCiphers(c, 'NOPE'),
      ExnFail,
      'ssl-set-ciphers!: setting cipher list failed',
    );
    assert.ok(c.settings().secureContext);
  });

  it('reads DH parameters from a file or bytes, as Racket does', () => {
    const s = sslMakeServerContext();
    assertThrowsExn(
      () => sslServerContextEnableDhe(s, '/nonexistent.pem'),
      ExnFail,
      'open-input-file: cannot open input file\n  path: /nonexistent.pem\n  system error: No such file or directory; errno=2',
    );
    assertThrowsExn(
      () => sslServerContextEnableDhe(s, new TextEncoder().encode('garbage')),
      ExnFail,
      'ssl-server-context-enable-dhe!: loading Diffie-Hellman parameters failed',
    );
    sslServerContextEnableDhe(s);
    assert.ok(s.settings().secureContext);
  });
});

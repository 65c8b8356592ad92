/**
 * Loading certificates, keys and verify sources: what is loaded, and each failure worded as
 * OpenSSL words it to Racket (the texts are compared with Racket's in racket-diff.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ExnFail } from '../exn/exn.js';
import { assertThrowsExn } from '../test-support/exn-assert.js';
import { tlsFixture, useKeyFilesDir } from '../test-support/tls.js';
import { contextOptions } from './context-core.js';
import {
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslLoadSuggestedCertificateAuthorities,
} from './certificates.js';
import { sslMakeClientContext, sslMakeServerContext } from './make.js';
import {
  sslDefaultVerifySources,
  sslLoadDefaultVerifySources,
  sslLoadVerifyRootCertificates,
  sslLoadVerifySource,
} from './verify-sources.js';
import { parameterize } from '../parameter/parameter.js';

const { dir, file } = useKeyFilesDir(after);
const failed = (who: string, path: string, reason: string) =>
  `${who}: load failed from: "${path}" (${reason})`;
const NOENT = 'error:80000002:system library::No such file or directory';
const subjects = (pems: readonly string[]) => pems.map((p) => new X509Certificate(p).subject);

before(() => {
  // A hashed directory as c_rehash makes it, plus a file OpenSSL would not look at.
  mkdirSync(file('hashed'));
  copyFileSync(tlsFixture('ca'), file('hashed/0123abcd.0'));
  copyFileSync(tlsFixture('self-signed'), file('hashed/self-signed.pem'));
  writeFileSync(
    file('chain.pem'),
    readFileSync(tlsFixture('server'), 'latin1') + readFileSync(tlsFixture('ca'), 'latin1'),
  );
});

describe('ssl-load-certificate-chain!', () => {
  it('loads a chain, leaf first', () => {
    const ctx = sslMakeServerContext();
    sslLoadCertificateChain(ctx, file('chain.pem'));
    const pems = contextOptions(ctx).cert!.match(
      /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g,
    )!;
    assert.deepEqual(subjects(pems), ['CN=localhost', 'CN=racket-net test CA']);
  });

  it('fails as OpenSSL does: missing file, no certificate in it', () => {
    const ctx = sslMakeServerContext();
    const who = 'ssl-load-certificate-chain!';
    assertThrowsExn(
      () => sslLoadCertificateChain(ctx, '/nonexistent.pem'),
      ExnFail,
      failed(who, '/nonexistent.pem', NOENT),
    );
    for (const path of [file('empty.txt'), file('garbage.txt'), tlsFixture('server', 'key'), dir]) {
      assertThrowsExn(
        () => sslLoadCertificateChain(ctx, path),
        ExnFail,
        failed(who, path, 'error:0480006C:PEM routines::no start line'),
      );
    }
    assert.equal(contextOptions(ctx).cert, null, 'a failed load changes nothing');
  });

  it('drops a loaded key that does not match a new leaf, as OpenSSL does', () => {
    const ctx = sslMakeServerContext();
    sslLoadPrivateKey(ctx, tlsFixture('client', 'key'));
    sslLoadCertificateChain(ctx, tlsFixture('server'));
    assert.equal(contextOptions(ctx).key, null);
    sslLoadPrivateKey(ctx, tlsFixture('server', 'key'));
    sslLoadCertificateChain(ctx, tlsFixture('server'));
    assert.notEqual(contextOptions(ctx).key, null);
  });
});

describe('ssl-load-private-key!', () => {
  const who = 'ssl-load-private-key!';

  it('loads RSA keys in PEM (PKCS#8 or PKCS#1) and DER', () => {
    const ctx = sslMakeServerContext();
    sslLoadPrivateKey(ctx, tlsFixture('server', 'key'));
    sslLoadPrivateKey(ctx, file('key-pkcs1.pem'));
    sslLoadPrivateKey(ctx, file('key-pkcs1.der'), true, true);
    sslLoadPrivateKey(ctx, file('key-pkcs8.der'), false, true);
    assert.match(contextOptions(ctx).key!, /^-----BEGIN PRIVATE KEY-----/);
  });

  it('rejects an EC key unless rsa is false', () => {
    const ctx = sslMakeServerContext();
    assertThrowsExn(
      () => sslLoadPrivateKey(ctx, file('ec.pem')),
      ExnFail,
      failed(who, file('ec.pem'), 'error:0300007F:digital envelope routines::expecting an rsa key'),
    );
    sslLoadPrivateKey(ctx, file('ec.pem'), false);
    assert.equal(createPrivateKey(contextOptions(ctx).key!).asymmetricKeyType, 'ec');
  });

  it('fails as OpenSSL does', () => {
    const ctx = sslMakeServerContext();
    const cases: [string, boolean, boolean, string][] = [
      ['/nonexistent.pem', true, false, NOENT],
      [tlsFixture('server'), true, false, 'error:1E08010C:DECODER routines::unsupported'],
      [file('garbage.txt'), true, false, 'error:1E08010C:DECODER routines::unsupported'],
      [file('empty.txt'), true, false, 'error:1E08010C:DECODER routines::unsupported'],
      [dir, true, false, 'error:1E08010C:DECODER routines::unsupported'],
      [file('key-pkcs8.der'), true, true, 'error:068000A8:asn1 encoding routines::wrong tag'],
      [tlsFixture('server', 'key'), true, true, 'error:068000A8:asn1 encoding routines::wrong tag'],
      [tlsFixture('server', 'key'), false, true, 'error:1E08010C:DECODER routines::unsupported'],
      [file('empty.txt'), false, true, 'error:0A08000D:SSL routines::ASN1 lib'],
    ];
    for (const [path, rsa, asn1, reason] of cases) {
      assertThrowsExn(
        () => sslLoadPrivateKey(ctx, path, rsa, asn1),
        ExnFail,
        failed(who, path, reason),
      );
    }
  });

  it('rejects a key that does not match the loaded certificate', () => {
    const ctx = sslMakeServerContext();
    sslLoadCertificateChain(ctx, tlsFixture('server'));
    assertThrowsExn(
      () => sslLoadPrivateKey(ctx, tlsFixture('client', 'key')),
      ExnFail,
      failed(
        who,
        tlsFixture('client', 'key'),
        'error:05800074:x509 certificate routines::key values mismatch',
      ),
    );
    assert.equal(contextOptions(ctx).key, null);
  });
});

describe('verify sources', () => {
  it('a file adds its certificates, once each', () => {
    const ctx = sslMakeClientContext();
    sslLoadVerifySource(ctx, file('chain.pem'));
    sslLoadVerifySource(ctx, tlsFixture('ca'));
    sslLoadVerifyRootCertificates(ctx, tlsFixture('self-signed'));
    assert.deepEqual(subjects(contextOptions(ctx).ca), [
      'CN=localhost',
      'CN=racket-net test CA',
      'CN=localhost',
    ]);
  });

  it('a malformed certificate fails the load', () => {
    const pem = readFileSync(tlsFixture('ca'), 'latin1').replace('MII', 'XII');
    writeFileSync(file('bad-ca.pem'), pem);
    const ctx = sslMakeClientContext();
    assertThrowsExn(
      () => sslLoadVerifySource(ctx, file('bad-ca.pem')),
      ExnFail,
      /^ssl-load-verify-source!: load failed from: ".*bad-ca.pem" \(error:[0-9A-F]{8}:[^)]+\)$/,
    );
    assertThrowsExn(
      () => sslLoadCertificateChain(sslMakeServerContext(), file('bad-ca.pem')),
      ExnFail,
      /load failed from/,
    );
    assert.equal(contextOptions(ctx).ca.length, 0);
  });

  it('a directory adds its hash-named files; a missing one adds nothing', () => {
    const ctx = sslMakeClientContext();
    sslLoadVerifySource(ctx, ['directory', file('hashed')]);
    assert.deepEqual(subjects(contextOptions(ctx).ca), ['CN=racket-net test CA']);
    sslLoadVerifySource(ctx, ['directory', '/nonexistent']);
    sslLoadVerifySource(ctx, ['directory', file('empty.txt')]);
    assert.equal(contextOptions(ctx).ca.length, 1);
  });

  it('the system stores load Node’s bundled roots', () => {
    const ctx = sslMakeClientContext();
    sslLoadVerifySource(ctx, ['win32-store', 'ROOT']);
    assert.ok(contextOptions(ctx).ca.length > 50);
  });

  it('fails as OpenSSL does', () => {
    const ctx = sslMakeClientContext();
    for (const [who, load] of [
      ['ssl-load-verify-source!', sslLoadVerifySource],
      ['ssl-load-verify-root-certificates!', sslLoadVerifyRootCertificates],
    ] as const) {
      assertThrowsExn(
        () => load(ctx, '/nonexistent.pem'),
        ExnFail,
        failed(who, '/nonexistent.pem', NOENT),
      );
      for (const path of [
        file('empty.txt'),
        file('garbage.txt'),
        tlsFixture('server', 'key'),
        dir,
      ]) {
        assertThrowsExn(
          () => load(ctx, path),
          ExnFail,
          failed(
            who,
            path,
            'error:05800088:x509 certificate routines::no certificate or crl found',
          ),
        );
      }
    }
    assert.equal(contextOptions(ctx).ca.length, 0);
  });

  it('default sources: Racket’s on this system; failures skipped', () => {
    const sources = sslDefaultVerifySources();
    const file0 = process.env['SSL_CERT_FILE'] || '/usr/lib/ssl/cert.pem';
    assert.deepEqual(sources[0], file0);
    const ctx = sslMakeClientContext();
    parameterize(
      sslDefaultVerifySources,
      ['/nonexistent.pem', tlsFixture('ca'), ['directory', file('hashed')]],
      () => sslLoadDefaultVerifySources(ctx),
    );
    assert.deepEqual(subjects(contextOptions(ctx).ca), ['CN=racket-net test CA']);
  });

  it('suggested certificate authorities: checked, no effect', () => {
    const ctx = sslMakeServerContext();
    sslLoadSuggestedCertificateAuthorities(ctx, tlsFixture('ca'));
    assert.equal(contextOptions(ctx).ca.length, 0);
    const who = 'ssl-load-suggested-certificate-authorities!';
    assertThrowsExn(
      () => sslLoadSuggestedCertificateAuthorities(ctx, '/nonexistent.pem'),
      ExnFail,
      failed(who, '/nonexistent.pem', NOENT),
    );
    assertThrowsExn(
      () => sslLoadSuggestedCertificateAuthorities(ctx, file('empty.txt')),
      ExnFail,
      failed(who, file('empty.txt'), 'error:0480006C:PEM routines::no start line'),
    );
  });
});

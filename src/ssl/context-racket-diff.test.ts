/**
 * Differential tests: every context error text racket-net produces, side by side with Racket
 * 8.7's for the same call (one Racket process runs them all; OpenSSL's error queue is cleared
 * between cases so each reason is the call's own). Contract violations are compared on their
 * first three lines (Racket adds the contract's `in:`/`blaming:` lines).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isExnFailContract, isExnFailUnsupported } from '../exn/exn.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';
import { tlsFixture, useKeyFilesDir } from '../test-support/tls.js';
import { contextFor, sslContextOf } from './context.js';
import {
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslLoadSuggestedCertificateAuthorities,
} from './certificates.js';
import {
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

const skip = skipWithoutRacket();
if (skip) console.log(`# ${skip}`);

const { dir, file: f } = useKeyFilesDir(after);

const any = (v: unknown) => v as never;

/**
 * The cases: a name, the Racket expression (with `c`, `s`: fresh client and server contexts;
 * `sealed-c`, `sealed-s`: sealed ones; `F`: fixture path; `D`: temp dir), and the same call
 * in racket-net.
 */
function cases(): [string, string, () => unknown][] {
  const fx = (name: Parameters<typeof tlsFixture>[0], part: 'cert' | 'key' = 'cert') =>
    tlsFixture(name, part);
  const c = () => sslMakeClientContext();
  const s = () => sslMakeServerContext();
  const sealedC = () => {
    const ctx = sslMakeClientContext();
    sslSealContext(ctx);
    return ctx;
  };
  const sealedS = () => {
    const ctx = sslMakeServerContext();
    sslSealContext(ctx);
    return ctx;
  };
  const h2 = new TextEncoder().encode('h2');
  const withServerCert = () => {
    const ctx = sslMakeServerContext();
    sslLoadCertificateChain(ctx, fx('server'));
    return ctx;
  };
  const out: [string, string, () => unknown][] = [];
  for (const p of ['sslv2', 'sslv3', 'sslv2-or-v3'] as const) {
    out.push([`client ${p}`, `(ssl-make-client-context '${p})`, () => sslMakeClientContext(p)]);
    out.push([`server ${p}`, `(ssl-make-server-context '${p})`, () => sslMakeServerContext(p)]);
  }
  out.push([
    'listen sslv3',
    `(ssl-listen 0 5 #t "127.0.0.1" 'sslv3)`,
    () => contextFor('ssl-listen', 'sslv3', 'server'),
  ]);
  const noCert = [
    ['empty', `(D "empty.txt")`, f('empty.txt')],
    ['garbage', `(D "garbage.txt")`, f('garbage.txt')],
    ['key file', `(F "server-key.pem")`, fx('server', 'key')],
    ['directory', 'D0', dir],
  ] as const;
  out.push([
    'chain missing',
    `(ssl-load-certificate-chain! (c) "/nonexistent.pem")`,
    () => sslLoadCertificateChain(c(), '/nonexistent.pem'),
  ]);
  for (const [name, rkt, path] of noCert) {
    out.push([
      `chain ${name}`,
      `(ssl-load-certificate-chain! (c) ${rkt})`,
      () => sslLoadCertificateChain(c(), path),
    ]);
    out.push([
      `verify ${name}`,
      `(ssl-load-verify-source! (c) ${rkt})`,
      () => sslLoadVerifySource(c(), path),
    ]);
    out.push([
      `root ${name}`,
      `(ssl-load-verify-root-certificates! (c) ${rkt})`,
      () => sslLoadVerifyRootCertificates(c(), path),
    ]);
  }
  out.push([
    'verify missing',
    `(ssl-load-verify-source! (c) "/nonexistent.pem")`,
    () => sslLoadVerifySource(c(), '/nonexistent.pem'),
  ]);
  out.push([
    'verify missing dir',
    `(ssl-load-verify-source! (c) '(directory "/nonexistent"))`,
    () => sslLoadVerifySource(c(), ['directory', '/nonexistent']),
  ]);
  out.push([
    'suggested missing',
    `(ssl-load-suggested-certificate-authorities! (s) "/nonexistent.pem")`,
    () => sslLoadSuggestedCertificateAuthorities(s(), '/nonexistent.pem'),
  ]);
  out.push([
    'suggested empty',
    `(ssl-load-suggested-certificate-authorities! (s) (D "empty.txt"))`,
    () => sslLoadSuggestedCertificateAuthorities(s(), f('empty.txt')),
  ]);
  out.push([
    'suggested ok',
    `(ssl-load-suggested-certificate-authorities! (s) (F "ca.pem"))`,
    () => sslLoadSuggestedCertificateAuthorities(s(), fx('ca')),
  ]);
  const keys: [string, string, string, boolean, boolean][] = [
    ['missing', '"/nonexistent.pem"', '/nonexistent.pem', true, false],
    ['cert', '(F "server.pem")', fx('server'), true, false],
    ['garbage', '(D "garbage.txt")', f('garbage.txt'), true, false],
    ['empty', '(D "empty.txt")', f('empty.txt'), true, false],
    ['directory', 'D0', dir, true, false],
    ['ec', '(D "ec.pem")', f('ec.pem'), true, false],
    ['ec any', '(D "ec.pem")', f('ec.pem'), false, false],
    ['pkcs8 der rsa', '(D "key-pkcs8.der")', f('key-pkcs8.der'), true, true],
    ['pkcs8 der', '(D "key-pkcs8.der")', f('key-pkcs8.der'), false, true],
    ['pkcs1 der rsa', '(D "key-pkcs1.der")', f('key-pkcs1.der'), true, true],
    ['pem as der rsa', '(F "server-key.pem")', fx('server', 'key'), true, true],
    ['pem as der', '(F "server-key.pem")', fx('server', 'key'), false, true],
    ['empty der', '(D "empty.txt")', f('empty.txt'), false, true],
  ];
  for (const [name, rkt, path, rsa, asn1] of keys) {
    out.push([
      `key ${name}`,
      `(ssl-load-private-key! (s) ${rkt} ${rsa ? '#t' : '#f'} ${asn1 ? '#t' : '#f'})`,
      () => sslLoadPrivateKey(s(), path, rsa, asn1),
    ]);
  }
  out.push([
    'key mismatch',
    `(let ([x (s)]) (ssl-load-certificate-chain! x (F "server.pem")) (ssl-load-private-key! x (F "client-key.pem")))`,
    () => sslLoadPrivateKey(withServerCert(), fx('client', 'key')),
  ]);
  out.push([
    'make with missing chain',
    `(ssl-make-server-context 'auto #:certificate-chain "/nonexistent.pem")`,
    () => sslMakeServerContext('auto', { certificateChain: '/nonexistent.pem' }),
  ]);
  out.push([
    'make with ec key',
    `(ssl-make-server-context 'auto #:private-key (list 'pem (D "ec.pem")))`,
    () => sslMakeServerContext('auto', { privateKey: ['pem', f('ec.pem')] }),
  ]);
  out.push(['ciphers nope', `(ssl-set-ciphers! (c) "NOPE")`, () => sslSetCiphers(c(), 'NOPE')]);
  out.push([
    'dhe missing',
    `(ssl-server-context-enable-dhe! (s) "/nonexistent.pem")`,
    () => sslServerContextEnableDhe(s(), '/nonexistent.pem'),
  ]);
  // Sealed contexts.
  const sealedCases: [string, string, () => unknown][] = [
    ['set-verify', `(ssl-set-verify! (sealed-c) #t)`, () => sslSetVerify(sealedC(), true)],
    ['try-verify', `(ssl-try-verify! (sealed-c) #t)`, () => sslTryVerify(sealedC(), true)],
    [
      'hostname',
      `(ssl-set-verify-hostname! (sealed-c) #t)`,
      () => sslSetVerifyHostname(sealedC(), true),
    ],
    [
      'ciphers',
      `(ssl-set-ciphers! (sealed-c) "DEFAULT")`,
      () => sslSetCiphers(sealedC(), 'DEFAULT'),
    ],
    [
      'chain',
      `(ssl-load-certificate-chain! (sealed-c) (F "server.pem"))`,
      () => sslLoadCertificateChain(sealedC(), fx('server')),
    ],
    [
      'key',
      `(ssl-load-private-key! (sealed-c) "/nonexistent.pem")`,
      () => sslLoadPrivateKey(sealedC(), '/nonexistent.pem'),
    ],
    [
      'verify-source',
      `(ssl-load-verify-source! (sealed-c) (F "ca.pem"))`,
      () => sslLoadVerifySource(sealedC(), fx('ca')),
    ],
    [
      'root',
      `(ssl-load-verify-root-certificates! (sealed-c) (F "ca.pem"))`,
      () => sslLoadVerifyRootCertificates(sealedC(), fx('ca')),
    ],
    [
      'suggested',
      `(ssl-load-suggested-certificate-authorities! (sealed-s) (F "ca.pem"))`,
      () => sslLoadSuggestedCertificateAuthorities(sealedS(), fx('ca')),
    ],
    [
      'default sources',
      `(ssl-load-default-verify-sources! (sealed-c))`,
      () => sslLoadDefaultVerifySources(sealedC()),
    ],
    [
      'alpn',
      `(ssl-set-server-alpn! (sealed-s) (list #"h2"))`,
      () => sslSetServerAlpn(sealedS(), [h2]),
    ],
    [
      'ecdhe',
      `(ssl-server-context-enable-ecdhe! (sealed-s))`,
      () => sslServerContextEnableEcdhe(sealedS()),
    ],
    [
      'dhe',
      `(ssl-server-context-enable-dhe! (sealed-s))`,
      () => sslServerContextEnableDhe(sealedS()),
    ],
    [
      'sni',
      `(ssl-set-server-name-identification-callback! (sealed-s) (lambda (n) #f))`,
      () => sslSetServerNameIdentificationCallback(sealedS(), () => false),
    ],
    [
      'secure',
      `(ssl-set-verify! (ssl-secure-client-context) #f)`,
      () => sslSetVerify(sslSecureClientContext(), false),
    ],
    [
      'secure by protocol',
      `(ssl-set-verify-hostname! (ssl-make-client-context 'secure) #f)`,
      () => sslSetVerifyHostname(sslMakeClientContext('secure'), false),
    ],
  ];
  for (const [name, rkt, ts] of sealedCases) out.push([`sealed ${name}`, rkt, ts]);
  // Contract violations (first three lines).
  const contracts: [string, string, () => unknown][] = [
    ['set-verify 5', `(ssl-set-verify! 5 #t)`, () => sslSetVerify(any(5), true)],
    ['try-verify 5', `(ssl-try-verify! 5 #t)`, () => sslTryVerify(any(5), true)],
    ['hostname 5', `(ssl-set-verify-hostname! 5 #t)`, () => sslSetVerifyHostname(any(5), true)],
    [
      'chain 5',
      `(ssl-load-certificate-chain! 5 "/x")`,
      () => sslLoadCertificateChain(any(5), '/x'),
    ],
    [
      'chain path 5',
      `(ssl-load-certificate-chain! (c) 5)`,
      () => sslLoadCertificateChain(c(), any(5)),
    ],
    ['key empty path', `(ssl-load-private-key! (c) "")`, () => sslLoadPrivateKey(c(), '')],
    [
      'root 5',
      `(ssl-load-verify-root-certificates! 5 "x")`,
      () => sslLoadVerifyRootCertificates(any(5), 'x'),
    ],
    ['verify-source 5', `(ssl-load-verify-source! 5 "x")`, () => sslLoadVerifySource(any(5), 'x')],
    [
      'verify-source src 5',
      `(ssl-load-verify-source! (c) 5)`,
      () => sslLoadVerifySource(c(), any(5)),
    ],
    [
      'default sources 5',
      `(ssl-load-default-verify-sources! 5)`,
      () => sslLoadDefaultVerifySources(any(5)),
    ],
    ['ciphers 5', `(ssl-set-ciphers! 5 "x")`, () => sslSetCiphers(any(5), 'x')],
    ['ciphers spec 5', `(ssl-set-ciphers! (c) 5)`, () => sslSetCiphers(c(), any(5))],
    ['seal 5', `(ssl-seal-context! 5)`, () => sslSealContext(any(5))],
    [
      'ecdhe client',
      `(ssl-server-context-enable-ecdhe! (c))`,
      () => sslServerContextEnableEcdhe(any(c())),
    ],
    [
      'dhe 5',
      `(ssl-server-context-enable-dhe! (s) 5)`,
      () => sslServerContextEnableDhe(s(), any(5)),
    ],
    [
      'alpn client',
      `(ssl-set-server-alpn! (c) (list #"h2"))`,
      () => sslSetServerAlpn(any(c()), [h2]),
    ],
    ['alpn 5', `(ssl-set-server-alpn! (s) 5)`, () => sslSetServerAlpn(s(), any(5))],
    [
      'alpn element',
      `(ssl-set-server-alpn! (s) (list #"h2" 5))`,
      () => sslSetServerAlpn(s(), [h2, any(5)]),
    ],
    [
      'alpn empty',
      `(ssl-set-server-alpn! (s) (list #""))`,
      () => sslSetServerAlpn(s(), [new Uint8Array(0)]),
    ],
    [
      'alpn flag',
      `(ssl-set-server-alpn! (s) (list #"h2") 5)`,
      () => sslSetServerAlpn(s(), [h2], any(5)),
    ],
    [
      'sni client',
      `(ssl-set-server-name-identification-callback! (c) (lambda (n) #f))`,
      () => sslSetServerNameIdentificationCallback(any(c()), () => false),
    ],
    [
      'sni 5',
      `(ssl-set-server-name-identification-callback! (s) 5)`,
      () => sslSetServerNameIdentificationCallback(s(), any(5)),
    ],
    [
      'make chain 5',
      `(ssl-make-client-context 'auto #:certificate-chain 5)`,
      () => sslMakeClientContext('auto', { certificateChain: any(5) }),
    ],
    [
      'make key string',
      `(ssl-make-server-context 'auto #:private-key "/x.pem")`,
      () => sslMakeServerContext('auto', { privateKey: any('/x.pem') }),
    ],
    [
      'default sources param',
      `(ssl-default-verify-sources 5)`,
      () => sslDefaultVerifySources(any(5)),
    ],
    [
      'default sources element',
      `(ssl-default-verify-sources (list 5))`,
      () => sslDefaultVerifySources(any([5])),
    ],
    ['connect 5', `(ssl-connect "localhost" 1 5)`, () => contextFor('ssl-connect', 5, 'client')],
    [
      'connect server ctx',
      `(ssl-connect "localhost" 1 (s))`,
      () => contextFor('ssl-connect', s(), 'client'),
    ],
    [
      'listen client ctx',
      `(ssl-listen 0 5 #t #f (c))`,
      () => contextFor('ssl-listen', c(), 'server'),
    ],
  ];
  for (const [name, rkt, ts] of contracts) out.push([`contract ${name}`, rkt, ts]);
  out.push([
    'listener chain',
    `(let ([l (ssl-listen 0 5 #t "127.0.0.1")]) (begin0 (ssl-load-certificate-chain! l "/nonexistent.pem") (ssl-close l)))`,
    () => sslLoadCertificateChain({ [sslContextOf]: s() }, '/nonexistent.pem'),
  ]);
  return out;
}

function racketProgram(names: readonly [string, string][]): string {
  return `#lang racket/base
(require openssl openssl/libcrypto ffi/unsafe racket/string)
(define ERR_clear_error (get-ffi-obj 'ERR_clear_error libcrypto (_fun -> _void)))
(define args (current-command-line-arguments))
(define (F name) (string-append (vector-ref args 0) "/" name))
(define D0 (vector-ref args 1))
(define (D name) (string-append D0 "/" name))
(define (c) (ssl-make-client-context))
(define (s) (ssl-make-server-context))
(define (sealed-c) (let ([x (c)]) (ssl-seal-context! x) x))
(define (sealed-s) (let ([x (s)]) (ssl-seal-context! x) x))
(define (kind e)
  (cond [(exn:fail:unsupported? e) "unsupported"] [(exn:fail:contract? e) "contract"]
        [(exn:fail:network? e) "network"] [(exn:fail? e) "fail"] [else "exn"]))
(define (first-lines m) (car (string-split m "\\n  in:" #:trim? #f)))
(define-syntax-rule (run name expr)
  (begin
    (ERR_clear_error)
    (printf "~a\\n~a\\n=====\\n" name
      (with-handlers ([exn? (lambda (e) (format "~a: ~a" (kind e) (first-lines (exn-message e))))])
        expr
        "ok"))))
${names.map(([name, expr]) => `(run ${JSON.stringify(name)} ${expr})`).join('\n')}
(printf "values\\n~s\\n=====\\n" (list (supported-client-protocols) (supported-server-protocols) (ssl-max-client-protocol) (ssl-max-server-protocol) (ssl-default-verify-sources)))
`;
}

function tsOutcome(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (e) {
    const kind = isExnFailUnsupported(e)
      ? 'unsupported'
      : isExnFailContract(e)
        ? 'contract'
        : 'fail';
    return `${kind}: ${(e as Error).message}`;
  }
}

/** Racket's printed form of racket-net's values (symbols for the protocol and source tags). */
function racketValues(): string {
  const syms = (xs: readonly string[]) => `(${xs.join(' ')})`;
  const sources = sslDefaultVerifySources().map((src) =>
    typeof src === 'string' ? JSON.stringify(src) : `(${src[0]} ${JSON.stringify(src[1])})`,
  );
  return `(${syms(supportedClientProtocols())} ${syms(supportedServerProtocols())} ${String(sslMaxClientProtocol())} ${String(sslMaxServerProtocol())} (${sources.join(' ')}))`;
}

describe('racket-diff: SSL contexts', { skip }, () => {
  it('every error text and value matches Racket 8.7', { timeout: 60_000 }, () => {
    const all = cases();
    const fixtures = tlsFixture('ca').replace(/\/ca\.pem$/, '');
    const output = runRacket(racketProgram(all.map(([n, r]) => [n, r])), [fixtures, dir]);
    const racket = new Map<string, string>();
    for (const block of output.split('\n=====\n')) {
      const nl = block.indexOf('\n');
      if (nl > 0) racket.set(block.slice(0, nl), block.slice(nl + 1));
    }
    assert.equal(racket.size, all.length + 1, 'Racket ran every case');
    const mismatches: string[] = [];
    for (const [name, , call] of all) {
      const mine = tsOutcome(call);
      const theirs = racket.get(name);
      if (mine !== theirs)
        mismatches.push(`${name}\n  racket:     ${theirs}\n  racket-net: ${mine}`);
    }
    if (racket.get('values') !== racketValues()) {
      mismatches.push(
        `values\n  racket:     ${racket.get('values')}\n  racket-net: ${racketValues()}`,
      );
    }
    assert.equal(mismatches.join('\n'), '', `${mismatches.length} of ${all.length + 1} differ`);
  });
});

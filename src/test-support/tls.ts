/**
 * The TLS test certificates (`fixtures/tls/`, made by `scripts/make-test-certs.sh`): a private
 * CA (`ca`), certificates it signed for `server` (localhost, 127.0.0.1, ::1), `client`,
 * `wrong-name` (wrong.example) and `expired` (2020), and a `self-signed` one for localhost.
 * Each has `NAME.pem` and `NAME-key.pem` (RSA).
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder, found from the compiled file (`dist/test-support/` or another build folder), two levels below the root. */
const FIXTURES = fileURLToPath(new URL('../../fixtures/tls/', import.meta.url));

export type TlsFixture = 'ca' | 'server' | 'client' | 'wrong-name' | 'expired' | 'self-signed';

/** The path of a fixture's certificate (`cert`) or private key (`key`). */
export function tlsFixture(name: TlsFixture, part: 'cert' | 'key' = 'cert'): string {
  return `${FIXTURES}${name}${part === 'key' ? '-key' : ''}.pem`;
}

/**
 * A temp dir of files for the certificate and key loaders' tests, removed by `after`:
 * `empty.txt`, `garbage.txt`, an EC key (`ec.pem`), and the server's RSA key as
 * `key-pkcs8.der`, `key-pkcs1.der` and `key-pkcs1.pem`. Returns the dir and a path in it.
 */
export function useKeyFilesDir(after: (fn: () => void) => void): {
  dir: string;
  file: (name: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'racket-net-sslctx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string): string => join(dir, name);
  writeFileSync(file('empty.txt'), '');
  writeFileSync(file('garbage.txt'), 'garbage\n');
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(file('ec.pem'), ec.privateKey.export({ format: 'pem', type: 'sec1' }));
  const rsa = createPrivateKey(readFileSync(tlsFixture('server', 'key')));
  writeFileSync(file('key-pkcs8.der'), rsa.export({ format: 'der', type: 'pkcs8' }));
  writeFileSync(file('key-pkcs1.der'), rsa.export({ format: 'der', type: 'pkcs1' }));
  writeFileSync(file('key-pkcs1.pem'), rsa.export({ format: 'pem', type: 'pkcs1' }));
  return { dir, file };
}

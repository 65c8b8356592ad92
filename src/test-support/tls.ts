/**
 * The TLS test certificates (`fixtures/tls/`, made by `scripts/make-test-certs.sh`): a private
 * CA (`ca`), certificates it signed for `server` (localhost, 127.0.0.1, ::1), `client`,
 * `wrong-name` (wrong.example) and `expired` (2020), and a `self-signed` one for localhost.
 * Each has `NAME.pem` and `NAME-key.pem` (RSA).
 */
import { fileURLToPath } from 'node:url';

/** The folder, found from the compiled file (`dist/test-support/` or another build folder), two levels below the root. */
const FIXTURES = fileURLToPath(new URL('../../fixtures/tls/', import.meta.url));

export type TlsFixture = 'ca' | 'server' | 'client' | 'wrong-name' | 'expired' | 'self-signed';

/** The path of a fixture's certificate (`cert`) or private key (`key`). */
export function tlsFixture(name: TlsFixture, part: 'cert' | 'key' = 'cert'): string {
  return `${FIXTURES}${name}${part === 'key' ? '-key' : ''}.pem`;
}

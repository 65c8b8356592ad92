/**
 * What an SSL port tells of its peer and its session: verification, the certificate's names,
 * ALPN, the TLS version. Kept from the handshake, so they are answered after close too (as
 * Racket, whose SSL object outlives its ports).
 */
import { type X509Certificate } from 'node:crypto';
import { check, isString } from '../exn/raise.js';
import { isSslPort, type SslConnection, sslConnectionOf } from './ssl-ports.js';

function connectionOf(who: string, port: unknown): SslConnection {
  check(who, isSslPort, 'ssl-port?', port);
  return sslConnectionOf(port)!;
}

/**
 * Whether the peer sent a certificate that checked against the context's trusted
 * certificates (Racket: `ssl-peer-verified?`).
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function isSslPeerVerified(port: unknown): boolean {
  return connectionOf('ssl-peer-verified?', port).info.verified;
}

/** A distinguished name as OpenSSL's `X509_NAME_oneline` prints it: `/C=US/CN=localhost`. */
const oneline = (name: string): Uint8Array =>
  Buffer.from(
    name
      .split('\n')
      .filter((part) => part !== '')
      .map((part) => `/${part}`)
      .join(''),
    'latin1',
  );

/**
 * The subject of the peer's certificate, as bytes like `/CN=localhost` (Racket:
 * `ssl-peer-subject-name`), or `false` if the peer sent none. Answered even when the
 * certificate was not verified (as Racket 8.7).
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function sslPeerSubjectName(port: unknown): Uint8Array | false {
  const peer = connectionOf('ssl-peer-subject-name', port).info.peer;
  return peer === undefined ? false : oneline(peer.subject);
}

/**
 * The issuer of the peer's certificate, as bytes like `/CN=test CA` (Racket:
 * `ssl-peer-issuer-name`), or `false` if the peer sent none.
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function sslPeerIssuerName(port: unknown): Uint8Array | false {
  // Racket's own name in its error, as 8.7 has it.
  const peer = connectionOf('ssl-peer-subject-name', port).info.peer;
  return peer === undefined ? false : oneline(peer.issuer);
}

/** The DNS names of the subject alternative names, else the last common name (RFC 2818). */
function certificateHostnames(cert: X509Certificate): string[] {
  const alt = cert.subjectAltName;
  if (alt !== undefined) {
    const names = alt
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4));
    if (names.length > 0) return names;
  }
  const common = cert.subject
    .split('\n')
    .filter((part) => part.startsWith('CN='))
    .map((part) => part.slice(3));
  return common.length > 0 ? [common[common.length - 1]!] : [];
}

/**
 * The host names the peer's certificate is for (Racket: `ssl-peer-certificate-hostnames`):
 * its DNS subject alternative names, else its common name; `[]` without a certificate.
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function sslPeerCertificateHostnames(port: unknown): string[] {
  const peer = connectionOf('ssl-peer-certificate-hostnames', port).info.peer;
  return peer === undefined ? [] : certificateHostnames(peer);
}

/**
 * Whether the peer's certificate is valid for `hostname` (Racket: `ssl-peer-check-hostname`,
 * OpenSSL's `X509_check_host`: DNS names with wildcards, not IP addresses).
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port or `hostname` not a string.
 */
export function sslPeerCheckHostname(port: unknown, hostname: string): boolean {
  const who = 'ssl-peer-check-hostname';
  const peer = connectionOf(who, port).info.peer;
  check(who, isString, 'string?', hostname);
  return peer !== undefined && peer.checkHost(hostname) !== undefined;
}

/**
 * The ALPN protocol the handshake chose, as bytes, or `false` if none (Racket:
 * `ssl-get-alpn-selected`).
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function sslGetAlpnSelected(port: unknown): Uint8Array | false {
  const alpn = connectionOf('ssl-get-alpn-selected', port).info.alpn;
  return alpn === false ? false : Buffer.from(alpn, 'latin1');
}

const VERSIONS: Readonly<Record<string, string>> = {
  'TLSv1.3': 'tls13',
  'TLSv1.2': 'tls12',
  'TLSv1.1': 'tls11',
  TLSv1: 'tls',
  SSLv3: 'sslv3',
};

/**
 * The TLS version of the connection: `'tls13'`, `'tls12'`, `'tls11'`, `'tls'` or `'sslv3'`
 * (Racket: `ssl-protocol-version`), or `false` if unknown.
 *
 * @throws {@link ExnFailContract} if `port` is not an SSL port.
 */
export function sslProtocolVersion(
  port: unknown,
): 'tls13' | 'tls12' | 'tls11' | 'tls' | 'sslv3' | false {
  const protocol = connectionOf('ssl-protocol-version', port).info.protocol;
  return ((protocol !== null && VERSIONS[protocol]) || false) as
    'tls13' | 'tls12' | 'tls11' | 'tls' | 'sslv3' | false;
}

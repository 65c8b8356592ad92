/** Bad arguments to the TLS connection procedures: contract errors in Racket's blame style. */
import { after, describe, it } from 'node:test';
import { makePipe } from '../port/pipe.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertContractErrors, contractMessage } from '../test-support/exn-assert.js';
import {
  isSslPeerVerified,
  portsToSslPorts,
  sslAbandonPort,
  sslAccept,
  sslAcceptEnableBreak,
  sslAddresses,
  sslClose,
  sslConnect,
  sslConnectEnableBreak,
  sslGetAlpnSelected,
  sslListen,
  sslMakeServerContext,
  sslPeerCertificateHostnames,
  sslPeerCheckHostname,
  sslPeerIssuerName,
  sslPeerSubjectName,
  sslProtocolVersion,
} from './index.js';

useTestCustodian(after);

describe('TLS connection procedures: contract errors', () => {
  it('raise Racket-style contract violations before doing anything', async () => {
    const [pi, po] = makePipe();
    const never = <T>(v: unknown): T => v as T;
    await assertContractErrors([
      [() => sslConnect(never(5), 443), contractMessage('ssl-connect', 'string?', '5'), 'rejects'],
      [
        () => sslConnect('localhost', 0),
        contractMessage('ssl-connect', '(integer-in 1 65535)', '0'),
        'rejects',
      ],
      [
        () => sslConnectEnableBreak('localhost', 70000),
        contractMessage('ssl-connect/enable-break', '(integer-in 1 65535)', '70000'),
        'rejects',
      ],
      [
        () => sslConnect('localhost', 443, sslMakeServerContext('auto') as never),
        /^ssl-connect: contract violation\n {2}expected: \(or\/c ssl-client-context\? /,
        'rejects',
      ],
      [
        () => sslConnect('localhost', 443, 'auto', { alpn: never([new Uint8Array(0)]) }),
        /^ssl-connect: contract violation\n {2}expected: \(listof alpn-protocol-bytes\/c\)/,
        'rejects',
      ],
      [() => sslListen(-1), contractMessage('ssl-listen', 'listen-port-number?', '-1'), 'rejects'],
      [
        () => sslListen(0, 5, false, never(7)),
        contractMessage('ssl-listen', '(or/c string? #f)', '7'),
        'rejects',
      ],
      [() => sslAccept(never(1)), contractMessage('ssl-accept', 'ssl-listener?', '1'), 'rejects'],
      [
        () => sslAcceptEnableBreak(never('l')),
        contractMessage('ssl-accept/enable-break', 'ssl-listener?', '"l"'),
        'rejects',
      ],
      [() => sslClose(never(1)), contractMessage('ssl-close', 'ssl-listener?', '1')],
      [
        () => sslAddresses(pi),
        contractMessage('ssl-addresses', '(or/c ssl-listener? ssl-port?)', '#<input-port:pipe>'),
      ],
      [
        () => sslAbandonPort(po),
        contractMessage('ssl-abandon-port', 'ssl-port?', '#<output-port:pipe>'),
        'rejects',
      ],
      [() => isSslPeerVerified(pi), /^ssl-peer-verified\?: contract violation/],
      [() => sslPeerSubjectName(1), /^ssl-peer-subject-name: contract violation/],
      [() => sslPeerIssuerName(1), /^ssl-peer-subject-name: contract violation/],
      [() => sslPeerCertificateHostnames(1), /^ssl-peer-certificate-hostnames: contract/],
      [() => sslPeerCheckHostname(1, 'x'), /^ssl-peer-check-hostname: contract violation/],
      [() => sslGetAlpnSelected(1), /^ssl-get-alpn-selected: contract violation/],
      [() => sslProtocolVersion(1), /^ssl-protocol-version: contract violation/],
      [
        () => portsToSslPorts(never(1), po),
        contractMessage('port->ssl-ports', 'input-port?', '1'),
        'rejects',
      ],
      [
        () => portsToSslPorts(pi, po, { mode: never('listen') }),
        contractMessage('port->ssl-ports', "(or/c 'connect 'accept)", '"listen"'),
        'rejects',
      ],
      [
        () => portsToSslPorts(pi, po, { hostname: never(3) }),
        contractMessage('port->ssl-ports', '(or/c string? #f)', '3'),
        'rejects',
      ],
    ]);
  });
});

/**
 * The shared resolver as each procedure words its failures (Racket CS 8.7's messages), and the
 * cases TCP once handled apart: an empty name is unknown to the resolver, as glibc says.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExnFailNetworkErrno } from '../exn/exn.js';
import { tcpConnect } from '../tcp/connect.js';
import { tcpListen } from '../tcp/listener.js';
import { udpOpenSocket } from '../udp/lifecycle.js';
import { udpSendTo } from '../udp/send.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import { lookupHost } from './resolve.js';

useTestCustodian(after);

const UNKNOWN = 'system error: Name or service not known; gai_err=-2';

describe('the resolver', () => {
  it('answers a numeric address at once, the same lookup each time', () => {
    const lookup = lookupHost('127.0.0.1');
    assert.deepEqual(lookup.outcome, { ok: true, value: [{ address: '127.0.0.1', family: 4 }] });
    assert.equal(lookupHost('127.0.0.1'), lookup);
    assert.deepEqual(lookupHost('::1').outcome, {
      ok: true,
      value: [{ address: '::1', family: 6 }],
    });
  });

  it('an empty name is not found, worded by each procedure as Racket words it', async () => {
    await assertRejectsExn(
      tcpConnect('', 80),
      ExnFailNetworkErrno,
      `tcp-connect: host not found\n  hostname: \n  port number: 80\n  ${UNKNOWN}`,
    );
    await assertRejectsExn(
      tcpConnect('127.0.0.1', 80, '', 5000),
      ExnFailNetworkErrno,
      `tcp-connect: local host not found\n  hostname: \n  port number: 5000\n  ${UNKNOWN}`,
    );
    await assertRejectsExn(
      tcpListen(0, 4, false, ''),
      ExnFailNetworkErrno,
      `tcp-listen: address-resolution error\n  hostname: \n  port number: 0\n  ${UNKNOWN}`,
    );
    await assertRejectsExn(
      udpOpenSocket(''),
      ExnFailNetworkErrno,
      `udp-open-socket: can't resolve address\n  address: \n  ${UNKNOWN}`,
    );
    await assertRejectsExn(
      udpSendTo(await udpOpenSocket(), '', 5, new Uint8Array(1)),
      ExnFailNetworkErrno,
      `udp-send-to: can't resolve address\n  address: \n  port number: 5\n  ${UNKNOWN}`,
    );
  });
});

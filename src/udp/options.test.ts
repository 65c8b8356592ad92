/**
 * Socket options and multicast: TTL, receive buffer size, multicast loopback, TTL, interface
 * and group membership, before and after the socket binds, and a multicast datagram received
 * over loopback. Multicast stays on the loopback interface (groups in 233.252.0.0/24,
 * MCAST-TEST-NET, joined on 127.0.0.1 only once a system socket exists).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExnFailNetwork, ExnFailNetworkErrno } from '../exn/exn.js';
import { pause } from '../test-support/async.js';
import {
  assertContractErrors,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { bytes, text } from '../test-support/bytes.js';
import { datagramArrives } from '../test-support/udp.js';
import {
  isUdpMulticastLoopback,
  udpAddresses,
  udpBind,
  udpClose,
  udpMulticastInterface,
  udpMulticastJoinGroup,
  udpMulticastLeaveGroup,
  udpMulticastSetInterface,
  udpMulticastSetLoopback,
  udpMulticastSetTtl,
  udpMulticastTtl,
  udpOpenSocket,
  udpReceiveNowait,
  udpSendTo,
  udpSetReceiveBufferSize,
  udpSetTtl,
  udpTtl,
} from './index.js';
import { type Udp } from './socket.js';

useTestCustodian(after);

const setsockoptFailed = (who: string, text: string, errno: number): string =>
  `${who}: setsockopt failed\n  system error: ${text}; errno=${errno}`;

/** Each call with a bad argument, and the message Racket raises for it. */
const contractCases = (s: Udp): ContractCase[] => [
  ...[-1, 256, 'x', 1.5].map((bad): ContractCase => [
    () => udpSetTtl(s, bad as never),
    contractMessage('udp-set-ttl!', 'byte?', typeof bad === 'string' ? `"${bad}"` : String(bad)),
  ]),
  ...[-1, 0, 1.5].map((bad): ContractCase => [
    () => udpSetReceiveBufferSize(s, bad),
    contractMessage('udp-set-receive-buffer-size!', 'exact-positive-integer?', String(bad)),
  ]),
  [
    () => udpMulticastSetTtl(s, 'spoon' as never),
    contractMessage('udp-multicast-set-ttl!', 'byte?', '"spoon"'),
  ],
  [
    () => udpMulticastJoinGroup('bonk' as never, '233.252.0.0', '0.0.0.0'),
    contractMessage('udp-multicast-join-group!', 'udp?', '"bonk"'),
  ],
  [
    () => udpMulticastJoinGroup(s, 'bonk' as never as string, 5 as never),
    contractMessage('udp-multicast-join-group!', '(or/c string? #f)', '5'),
  ],
  [
    () => udpMulticastJoinGroup(s, 5 as never, '0.0.0.0'),
    contractMessage('udp-multicast-join-group!', 'string?', '5'),
  ],
];

describe('the option procedures', () => {
  it('check their arguments as Racket does', async () =>
    assertContractErrors(contractCases(await udpOpenSocket())));
});

describe('udpTtl / udpSetTtl', () => {
  it('reads the system default, sets bytes 1–255, before and after binding', async () => {
    const s = await udpOpenSocket();
    const original = udpTtl(s);
    assert.equal(original, 64);
    udpSetTtl(s, 255);
    assert.equal(udpTtl(s), 255);
    udpSetTtl(s, 1);
    assert.equal(udpTtl(s), 1);
    await udpBind(s, '127.0.0.1', 0);
    assert.equal(udpTtl(s), 1);
    udpSetTtl(s, original);
    assert.equal(udpTtl(s), original);
  });

  it('0 is refused as the kernel refuses it', async () => {
    const s = await udpOpenSocket();
    assertThrowsExn(
      () => udpSetTtl(s, 0),
      ExnFailNetworkErrno,
      setsockoptFailed('udp-set-ttl!', 'Invalid argument', 22),
    );
    await udpBind(s, '127.0.0.1', 0);
    assertThrowsExn(() => udpSetTtl(s, 0), ExnFailNetworkErrno, /errno=22/);
  });
});

describe('udpSetReceiveBufferSize', () => {
  it('a size beyond exact integers is ExnFailNetwork', async () => {
    const s = await udpOpenSocket();
    assertThrowsExn(
      () => udpSetReceiveBufferSize(s, 2n ** 300n),
      ExnFailNetwork,
      `udp-set-receive-buffer-size!: given size is too large\n  given size: ${2n ** 300n}`,
    );
    assertThrowsExn(() => udpSetReceiveBufferSize(s, 2 ** 300), ExnFailNetwork, /too large/);
  });

  it("Racket's search for the largest size ends in 'ok, before and after binding", async () => {
    for (const bindFirst of [false, true]) {
      const s = await udpOpenSocket();
      if (bindFirst) await udpBind(s, '127.0.0.1', 0);
      let n = 4096;
      let result = '';
      for (;;) {
        try {
          udpSetReceiveBufferSize(s, n);
          n *= 2;
        } catch (e) {
          assert.ok(e instanceof ExnFailNetwork);
          udpSetReceiveBufferSize(s, n / 2);
          result = 'ok';
          break;
        }
      }
      assert.equal(result, 'ok');
      udpClose(s);
    }
  });

  it('a size set before binding bounds the receive queue once bound', async () => {
    const s = await udpOpenSocket();
    udpSetReceiveBufferSize(s, 1);
    await udpBind(s, '127.0.0.1', 0);
    // The kernel's minimum (Linux: 4608) rather than its default (212992).
    assert.ok(s.receiveQueue.limit < 212992, String(s.receiveQueue.limit));
    udpSetReceiveBufferSize(s, 1 << 20);
    assert.ok(s.receiveQueue.limit > 212992, String(s.receiveQueue.limit));
  });
});

describe('multicast', () => {
  it("Racket's udp.rktl multicast settings, on an unbound socket", async () => {
    const s = await udpOpenSocket();
    assert.equal(typeof isUdpMulticastLoopback(s), 'boolean');
    udpMulticastSetLoopback(s, false);
    assert.equal(isUdpMulticastLoopback(s), false);
    udpMulticastSetLoopback(s, true);
    assert.equal(isUdpMulticastLoopback(s), true);
    udpMulticastSetLoopback(s, 1234);
    assert.equal(isUdpMulticastLoopback(s), true);

    assert.equal(udpMulticastTtl(s), 1);
    udpMulticastSetTtl(s, 255);
    assert.equal(udpMulticastTtl(s), 255);
    udpMulticastSetTtl(s, 0);
    assert.equal(udpMulticastTtl(s), 0);
    udpMulticastSetTtl(s, 1);
    assert.equal(udpMulticastTtl(s), 1);

    assert.equal(udpMulticastInterface(s), '0.0.0.0');
    assertThrowsExn(
      () => udpMulticastSetInterface(s, '8.8.8.0'),
      ExnFailNetworkErrno,
      setsockoptFailed('udp-multicast-set-interface!', 'Cannot assign requested address', 99),
    );
    udpMulticastSetInterface(s, '0.0.0.0');
    assert.equal(udpMulticastInterface(s), '0.0.0.0');
    udpMulticastSetInterface(s, false);
    assert.equal(udpMulticastInterface(s), '0.0.0.0');
    udpMulticastSetInterface(s, 'localhost');
    assert.equal(udpMulticastInterface(s), '127.0.0.1');
    assertThrowsExn(
      () => udpMulticastSetInterface(s, '::1'),
      ExnFailNetworkErrno,
      "udp-multicast-set-interface!: can't resolve address\n  address: ::1\n  system error: Address family for hostname not supported; gai_err=-9",
    );

    const join = 'udp-multicast-join-group!';
    const leave = 'udp-multicast-leave-group!';
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '127.0.0.0', '0.0.0.0'),
      ExnFailNetworkErrno,
      setsockoptFailed(join, 'Invalid argument', 22),
    );
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '233.252.0.0', '8.8.8.0'),
      ExnFailNetworkErrno,
      setsockoptFailed(join, 'No such device', 19),
    );
    assertThrowsExn(
      () => udpMulticastLeaveGroup(s, '233.252.0.0', '0.0.0.0'),
      ExnFailNetworkErrno,
      setsockoptFailed(leave, 'Cannot assign requested address', 99),
    );
    udpMulticastJoinGroup(s, '233.252.0.0', '0.0.0.0');
    udpMulticastLeaveGroup(s, '233.252.0.0', '0.0.0.0');
    assertThrowsExn(() => udpMulticastLeaveGroup(s, '233.252.0.0', '0.0.0.0'), ExnFailNetwork);
    udpMulticastJoinGroup(s, '233.252.0.0', false);
    udpMulticastLeaveGroup(s, '233.252.0.0', false);
    assertThrowsExn(() => udpMulticastLeaveGroup(s, '233.252.0.0', false), ExnFailNetwork);
    udpMulticastJoinGroup(s, '233.252.0.0', '0.0.0.0');
    udpMulticastLeaveGroup(s, '233.252.0.0', false);
    udpMulticastJoinGroup(s, '233.252.0.0', false);
    udpMulticastLeaveGroup(s, '233.252.0.0', '0.0.0.0');
    // Joining twice on one interface is EADDRINUSE; leaving with another address, EADDRNOTAVAIL.
    udpMulticastJoinGroup(s, '233.252.0.1', '127.0.0.1');
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '233.252.0.1', 'localhost'),
      ExnFailNetworkErrno,
      setsockoptFailed(join, 'Address already in use', 98),
    );
    assertThrowsExn(
      () => udpMulticastLeaveGroup(s, '233.252.0.1', '8.8.8.0'),
      ExnFailNetworkErrno,
      /errno=99/,
    );
    udpMulticastLeaveGroup(s, '233.252.0.1', '127.0.0.1');
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, 'no-such-host.invalid', false),
      ExnFailNetworkErrno,
      "udp-multicast-join-group!: can't resolve multicast address\n  address: no-such-host.invalid\n  system error: Name or service not known; gai_err=-2",
    );
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '233.252.0.1', 'no-such-host.invalid'),
      ExnFailNetworkErrno,
      /can't resolve interface address/,
    );
    udpClose(s);
    assertThrowsExn(
      () => isUdpMulticastLoopback(s),
      ExnFailNetwork,
      'udp-multicast-loopback?: udp socket is closed\n  socket: #<udp>',
    );
    assertThrowsExn(() => udpMulticastSetLoopback(s, true), ExnFailNetwork, /is closed/);
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '233.252.0.0', false),
      ExnFailNetwork,
      /is closed/,
    );
    assertThrowsExn(() => udpMulticastTtl(s), ExnFailNetwork, /is closed/);
    assertThrowsExn(() => udpMulticastInterface(s), ExnFailNetwork, /is closed/);
  });

  it('receives its own group datagram over loopback, and stops after leaving', async () => {
    const s = await udpOpenSocket();
    // Joined before the bind (kept), then really joined when the socket binds.
    udpMulticastJoinGroup(s, '233.252.0.2', 'localhost');
    await udpBind(s, false, 0, true);
    udpMulticastJoinGroup(s, '233.252.0.0', 'localhost');
    const [, port] = udpAddresses(s, true);
    const s2 = await udpOpenSocket();
    udpMulticastSetInterface(s2, 'localhost');
    udpMulticastSetTtl(s2, 0);
    const b = new Uint8Array(8);
    for (const group of ['233.252.0.0', '233.252.0.2']) {
      await udpSendTo(s2, group, port, bytes('hi'));
      assert.ok(await datagramArrives(s), `nothing from ${group}`);
      b.fill(0);
      assert.equal(udpReceiveNowait(s, b)[0], 2);
      assert.equal(text(b), 'hi\0\0\0\0\0\0');
    }
    udpMulticastLeaveGroup(s, '233.252.0.0', 'localhost');
    await udpSendTo(s2, '233.252.0.0', port, bytes('hi'));
    await pause(50);
    assert.deepEqual(udpReceiveNowait(s, b), [false, false, false]);
    // The kernel answers once the socket is bound.
    assertThrowsExn(
      () => udpMulticastLeaveGroup(s, '233.252.0.0', 'localhost'),
      ExnFailNetworkErrno,
      setsockoptFailed('udp-multicast-leave-group!', 'Cannot assign requested address', 99),
    );
    assertThrowsExn(
      () => udpMulticastJoinGroup(s, '127.0.0.0', '127.0.0.1'),
      ExnFailNetworkErrno,
      /errno=22/,
    );
    assertThrowsExn(() => udpMulticastSetInterface(s, '8.8.8.0'), ExnFailNetworkErrno, /errno=99/);
  });

  it('values set before binding are kept through the bind and applied to the system socket', async () => {
    const s = await udpOpenSocket();
    udpMulticastSetLoopback(s, false);
    udpMulticastSetInterface(s, '127.0.0.1');
    udpMulticastSetTtl(s, 0);
    udpSetTtl(s, 7);
    await udpBind(s, false, 0, true);
    assert.equal(isUdpMulticastLoopback(s), false);
    assert.equal(udpMulticastInterface(s), '127.0.0.1');
    assert.equal(udpMulticastTtl(s), 0);
    assert.equal(udpTtl(s), 7);
    // Setters now go to the system socket (and still report their value).
    udpMulticastSetLoopback(s, true);
    udpMulticastSetTtl(s, 1);
    udpMulticastSetInterface(s, false);
    assert.deepEqual(
      [isUdpMulticastLoopback(s), udpMulticastTtl(s), udpMulticastInterface(s)],
      [true, 1, '0.0.0.0'],
    );
  });
});

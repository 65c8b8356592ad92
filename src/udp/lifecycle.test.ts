/**
 * A UDP socket's life on real loopback sockets: opening (family), binding, connecting,
 * addresses, closing, custodians, and the contract checks of every binding.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentCustodian,
  custodianManagedList,
  custodianShutdownAll,
  makeCustodian,
} from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { alwaysEvt } from '../evt/combinators.js';
import { sync, syncTimeout } from '../evt/sync.js';
import { ExnFail, ExnFailNetwork, ExnFailNetworkErrno } from '../exn/exn.js';
import { thread } from '../thread/thread.js';
import { pause } from '../test-support/async.js';
import {
  assertContractErrors,
  assertRejectsExn,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { bytes, text } from '../test-support/bytes.js';
import { boundSocket, datagramArrives } from '../test-support/udp.js';
import { useTestCustodian } from '../test-support/custodian.js';
import * as udp from './index.js';
import {
  isUdp,
  isUdpBound,
  isUdpConnected,
  udpAddresses,
  udpBind,
  udpClose,
  udpConnect,
  udpOpenSocket,
  udpReceive,
  udpReceiveNowait,
  udpSend,
  udpSendTo,
} from './index.js';
import { type Udp } from './socket.js';

useTestCustodian(after);

/** Each call with a bad argument other than the socket, and the message Racket raises for it. */
const argumentCases = (s: Udp): ContractCase[] => [
  [
    () => udpOpenSocket('x' as never, 'x' as never),
    contractMessage('udp-open-socket', '(or/c port-number? #f)', '"x"'),
    'rejects',
  ],
  [
    () => udpOpenSocket(1 as never),
    contractMessage('udp-open-socket', '(or/c string? #f)', '1'),
    'rejects',
  ],
  [
    () => udpOpenSocket(false, 0),
    contractMessage('udp-open-socket', '(or/c port-number? #f)', '0'),
    'rejects',
  ],
  [
    () => udpBind(s, false, 70000),
    contractMessage('udp-bind!', 'listen-port-number?', '70000'),
    'rejects',
  ],
  [
    () => udpBind(s, false, false as never),
    contractMessage('udp-bind!', 'listen-port-number?', '#f'),
    'rejects',
  ],
  [
    () => udpBind(s, 5 as never, 0),
    contractMessage('udp-bind!', '(or/c string? #f)', '5'),
    'rejects',
  ],
  [
    () => udpConnect(s, '127.0.0.1', false),
    'udp-connect!: last second and third arguments must be both #f or both non-#f\n  second argument: "127.0.0.1"\n  third argument: #f',
    'rejects',
  ],
  [
    () => udpConnect(s, false, 5),
    'udp-connect!: last second and third arguments must be both #f or both non-#f\n  second argument: #f\n  third argument: 5',
    'rejects',
  ],
  [
    () => udpConnect(s, '127.0.0.1', 0),
    contractMessage('udp-connect!', '(or/c port-number? #f)', '0'),
    'rejects',
  ],
];

describe('every binding checks its arguments', () => {
  // Racket's udp.rktl: each procedure given 5 instead of a socket.
  const b = new Uint8Array(10);
  const calls: [string, () => unknown][] = [
    ['udp-close', () => udp.udpClose(5 as never)],
    ['udp-bound?', () => udp.isUdpBound(5 as never)],
    ['udp-connected?', () => udp.isUdpConnected(5 as never)],
    ['udp-send-ready-evt', () => udp.udpSendReadyEvt(5 as never)],
    ['udp-receive-ready-evt', () => udp.udpReceiveReadyEvt(5 as never)],
    ['udp-receive!*', () => udp.udpReceiveNowait(5 as never, b)],
    ['udp-receive!-evt', () => udp.udpReceiveEvt(5 as never, b)],
    ['udp-send*', () => udp.udpSendNowait(5 as never, b)],
    ['udp-send-evt', () => udp.udpSendEvt(5 as never, b)],
    ['udp-send-to-evt', () => udp.udpSendToEvt(5 as never, 'localhost', 40000, b)],
    ['udp-addresses', () => udp.udpAddresses(5 as never)],
    ['udp-ttl', () => udp.udpTtl(5 as never)],
    ['udp-set-ttl!', () => udp.udpSetTtl(5 as never, 64)],
    ['udp-set-receive-buffer-size!', () => udp.udpSetReceiveBufferSize(5 as never, 4096)],
    ['udp-multicast-loopback?', () => udp.isUdpMulticastLoopback(5 as never)],
    ['udp-multicast-set-loopback!', () => udp.udpMulticastSetLoopback(5 as never, true)],
    ['udp-multicast-ttl', () => udp.udpMulticastTtl(5 as never)],
    ['udp-multicast-set-ttl!', () => udp.udpMulticastSetTtl(5 as never, 1)],
    ['udp-multicast-interface', () => udp.udpMulticastInterface(5 as never)],
    ['udp-multicast-set-interface!', () => udp.udpMulticastSetInterface(5 as never, false)],
    [
      'udp-multicast-join-group!',
      () => udp.udpMulticastJoinGroup(5 as never, '233.252.0.0', '0.0.0.0'),
    ],
    [
      'udp-multicast-leave-group!',
      () => udp.udpMulticastLeaveGroup(5 as never, '233.252.0.0', '0.0.0.0'),
    ],
  ];
  const asyncCalls: [string, () => Promise<unknown>][] = [
    ['udp-bind!', () => udp.udpBind(5 as never, false, 40000)],
    ['udp-connect!', () => udp.udpConnect(5 as never, 'localhost', 40000)],
    ['udp-send-to', () => udp.udpSendTo(5 as never, 'localhost', 40000, b)],
    ['udp-send-to*', () => udp.udpSendToNowait(5 as never, 'localhost', 40000, b)],
    ['udp-send-to/enable-break', () => udp.udpSendToEnableBreak(5 as never, 'localhost', 40000, b)],
    ['udp-send', () => udp.udpSend(5 as never, b)],
    ['udp-send/enable-break', () => udp.udpSendEnableBreak(5 as never, b)],
    ['udp-receive!', () => udp.udpReceive(5 as never, b)],
    ['udp-receive!/enable-break', () => udp.udpReceiveEnableBreak(5 as never, b)],
  ];
  it('given 5 for the socket, each raises a contract error (a rejection if async)', () =>
    assertContractErrors([
      ...calls.map(([who, call]): ContractCase => [call, contractMessage(who, 'udp?', '5')]),
      ...asyncCalls.map(([who, call]): ContractCase => [
        call,
        contractMessage(who, 'udp?', '5'),
        'rejects',
      ]),
    ]));

  it('the other arguments are checked as Racket does', async () => {
    await assertContractErrors(argumentCases(await udpOpenSocket()));
    // null and undefined stand for #f.
    assert.ok(isUdp(await udpOpenSocket(null, undefined)));
  });

  it('isUdp', async () => {
    assert.equal(isUdp(5), false);
    assert.equal(isUdp(await udpOpenSocket()), true);
  });
});

describe('udpOpenSocket', () => {
  it('opens an unbound, unconnected IPv4 socket by default', async () => {
    const s = await udpOpenSocket();
    assert.equal(isUdpBound(s), false);
    assert.equal(isUdpConnected(s), false);
    assert.deepEqual(udpAddresses(s, true), ['0.0.0.0', 0, '0.0.0.0', 0]);
    assert.deepEqual(udpAddresses(s), ['0.0.0.0', '0.0.0.0']);
    udpClose(s);
  });

  it('takes its family from the host, without binding', async () => {
    const s6 = await udpOpenSocket('::1');
    assert.deepEqual(udpAddresses(s6, true), ['::', 0, '0.0.0.0', 0]);
    assert.equal(isUdpBound(s6), false);
    const s4 = await udpOpenSocket('127.0.0.1', 5000);
    assert.deepEqual(udpAddresses(s4, true), ['0.0.0.0', 0, '0.0.0.0', 0]);
    // No host, a port: getaddrinfo's loopback answer, IPv6 first where ::1 exists (as here).
    const s = await udpOpenSocket(false, 5000);
    assert.deepEqual(udpAddresses(s, true), ['::', 0, '0.0.0.0', 0]);
  });

  it('a host that does not resolve is a gai error (port line only with a port)', async () => {
    await assertRejectsExn(
      udpOpenSocket('no-such-host.invalid'),
      ExnFailNetworkErrno,
      "udp-open-socket: can't resolve address\n  address: no-such-host.invalid\n  system error: Name or service not known; gai_err=-2",
    );
    await assert.rejects(udpOpenSocket('no-such-host.invalid', 80), (e: ExnFailNetworkErrno) => {
      assert.match(e.message, /\n {2}port number: 80\n/);
      assert.deepEqual(e.errno, [-2, 'gai']);
      return true;
    });
  });
});

describe('udpBind', () => {
  it('binds an ephemeral port; the socket can then receive', async () => {
    const [r, port] = await boundSocket();
    assert.ok(port > 0);
    assert.equal(isUdpBound(r), true);
    assert.deepEqual(udpAddresses(r, true), ['127.0.0.1', port, '0.0.0.0', 0]);
    assert.deepEqual(udpReceiveNowait(r, new Uint8Array(4)), [false, false, false]);
  });

  it('binding a bound socket raises ExnFailNetwork (the seed wins over Racket 8.7)', async () => {
    const [r] = await boundSocket();
    await assertRejectsExn(
      udpBind(r, '127.0.0.1', 0),
      ExnFailNetwork,
      'udp-bind!: udp socket is already bound\n  socket: #<udp>',
    );
    // A send also binds, and then udpBind raises the same.
    const s = await udpOpenSocket();
    const [, port] = await boundSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('x'));
    await assertRejectsExn(udpBind(s, false, 0), ExnFailNetwork, /already bound/);
  });

  it('an address in use is errno 98, worded for reuse and for no hostname', async () => {
    const [, port] = await boundSocket();
    const s = await udpOpenSocket();
    await assertRejectsExn(
      udpBind(s, '127.0.0.1', port),
      ExnFailNetworkErrno,
      `udp-bind!: can't bind\n  address: 127.0.0.1\n  port number: ${port}\n  system error: Address already in use; errno=98`,
    );
    await assertRejectsExn(
      udpBind(s, '127.0.0.1', port, true),
      ExnFailNetworkErrno,
      `udp-bind!: can't bind as reusable\n  address: 127.0.0.1\n  port number: ${port}\n  system error: Address already in use; errno=98`,
    );
    await assertRejectsExn(
      udpBind(s, false, port),
      ExnFailNetworkErrno,
      `udp-bind!: can't bind\n  address: <unspec>\n  port number: ${port}\n  system error: Address already in use; errno=98`,
    );
    // The failed binds left it unbound: it can still bind elsewhere.
    assert.equal(isUdpBound(s), false);
    await udpBind(s, '127.0.0.1', 0);
    assert.equal(isUdpBound(s), true);
  });

  it('reuse = true lets two sockets share a port', async () => {
    const a = await udpOpenSocket();
    await udpBind(a, '127.0.0.1', 0, true);
    const port = udpAddresses(a, true)[1];
    const b = await udpOpenSocket();
    await udpBind(b, '127.0.0.1', port, true);
    assert.equal(udpAddresses(b, true)[1], port);
  });

  it('an IPv6 address on an IPv4 socket is errno 97; an unknown host is a gai error', async () => {
    const s = await udpOpenSocket();
    await assertRejectsExn(
      udpBind(s, '::1', 0),
      ExnFailNetworkErrno,
      "udp-bind!: can't bind\n  address: ::1\n  port number: 0\n  system error: Address family not supported by protocol; errno=97",
    );
    await assertRejectsExn(
      udpBind(s, 'no-such-host.invalid', 0),
      ExnFailNetworkErrno,
      "udp-bind!: can't resolve address\n  address: no-such-host.invalid\n  port number: 0\n  system error: Name or service not known; gai_err=-2",
    );
  });

  it('binds IPv6 sockets to ::1 and to all addresses', async () => {
    const [s, port] = await boundSocket('::1');
    assert.deepEqual(udpAddresses(s, true), ['::1', port, '0.0.0.0', 0]);
    const any = await udpOpenSocket('::1');
    await udpBind(any, false, 0);
    assert.equal(udpAddresses(any)[0], '::');
  });
});

describe('udpConnect', () => {
  it('connects, reconnects and disconnects; sends then go to the peer', async () => {
    const [r1, p1] = await boundSocket();
    const [r2, p2] = await boundSocket();
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', p1);
    assert.equal(isUdpConnected(s), true);
    // Racket's flag: a connect binds in the kernel but does not make the socket "bound".
    assert.equal(isUdpBound(s), false);
    const [la, lp, pa, pp] = udpAddresses(s, true);
    assert.deepEqual([la, pa, pp], ['127.0.0.1', '127.0.0.1', p1]);
    assert.ok(lp > 0);
    await udpSend(s, bytes('one'));
    assert.equal(isUdpBound(s), true);
    const b = new Uint8Array(8);
    assert.deepEqual(await udpReceive(r1, b), [3, '127.0.0.1', lp]);
    // Reconnecting disconnects first, which may drop the automatic binding (as the seed says).
    await udpConnect(s, 'localhost', p2);
    await udpSend(s, bytes('two'));
    assert.deepEqual(await udpReceive(r2, b), [3, '127.0.0.1', udpAddresses(s, true)[1]]);
    await udpConnect(s, false, false);
    assert.equal(isUdpConnected(s), false);
    assert.deepEqual(udpAddresses(s, true).slice(2), ['0.0.0.0', 0]);
    // Disconnecting an unconnected socket does nothing.
    await udpConnect(s, false, false);
    await udpSendTo(s, '127.0.0.1', p1, bytes('three'));
    assert.equal((await udpReceive(r1, b))[0], 5);
  });

  it('a connected socket receives only from its peer', async () => {
    const [r, rp] = await boundSocket();
    const [peer, pp] = await boundSocket();
    const [other] = await boundSocket();
    await udpConnect(r, '127.0.0.1', pp);
    await udpSendTo(other, '127.0.0.1', rp, bytes('stranger'));
    await udpSendTo(peer, '127.0.0.1', rp, bytes('peer'));
    const b = new Uint8Array(10);
    assert.deepEqual(await udpReceive(r, b), [4, '127.0.0.1', pp]);
    assert.equal(await datagramArrives(r, 0.1), false);
  });

  it('an IPv6 peer of an IPv4 socket is errno 97; an unknown host is a gai error', async () => {
    const s = await udpOpenSocket();
    await assertRejectsExn(
      udpConnect(s, '::1', 5000),
      ExnFailNetworkErrno,
      "udp-connect!: can't connect\n  address: ::1\n  port number: 5000\n  system error: Address family not supported by protocol; errno=97",
    );
    await assertRejectsExn(
      udpConnect(s, '', 9),
      ExnFailNetworkErrno,
      "udp-connect!: can't resolve address\n  address: \n  port number: 9\n  system error: Name or service not known; gai_err=-2",
    );
  });

  it('udpBind after a connect fails as bind(2) does on the kernel-bound socket', async () => {
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', 9);
    await assertRejectsExn(
      udpBind(s, '127.0.0.1', 0),
      ExnFailNetworkErrno,
      "udp-bind!: can't bind\n  address: 127.0.0.1\n  port number: 0\n  system error: Invalid argument; errno=22",
    );
  });
});

describe('udpClose', () => {
  it('every operation on a closed socket raises ExnFailNetwork', async () => {
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', 9);
    const c = await udpOpenSocket();
    await udpBind(c, '127.0.0.1', 0);
    udpClose(c);
    udpClose(s);
    const b = new Uint8Array(10);
    const closed = (who: string) => `${who}: udp socket is closed\n  socket: #<udp>`;
    assertThrowsExn(
      () => udpClose(c),
      ExnFailNetwork,
      'udp-close: udp socket was already closed\n  socket: #<udp>',
    );
    await assertRejectsExn(udpBind(c, '127.0.0.1', 0), ExnFailNetwork, closed('udp-bind!'));
    const d = await udpOpenSocket();
    udpClose(d);
    await assertRejectsExn(udpBind(d, '127.0.0.1', 0), ExnFailNetwork, closed('udp-bind!'));
    await assertRejectsExn(udpConnect(d, '127.0.0.1', 9), ExnFailNetwork, closed('udp-connect!'));
    await assertRejectsExn(udpConnect(d, false, false), ExnFailNetwork, closed('udp-connect!'));
    await assertRejectsExn(udpSendTo(d, '127.0.0.1', 9, b), ExnFailNetwork, closed('udp-send-to'));
    await assertRejectsExn(
      udp.udpSendToNowait(d, '127.0.0.1', 9, b),
      ExnFailNetwork,
      closed('udp-send-to*'),
    );
    await assertRejectsExn(udpSend(s, b), ExnFailNetwork, closed('udp-send'));
    assertThrowsExn(() => udp.udpSendNowait(s, b), ExnFailNetwork, closed('udp-send*'));
    await assertRejectsExn(udpReceive(c, b), ExnFailNetwork, closed('udp-receive!'));
    await assertRejectsExn(
      udp.udpReceiveEnableBreak(c, b),
      ExnFailNetwork,
      closed('udp-receive!/enable-break'),
    );
    assertThrowsExn(() => udpReceiveNowait(c, b), ExnFailNetwork, closed('udp-receive!*'));
    assertThrowsExn(() => udpAddresses(c), ExnFailNetwork, closed('udp-addresses'));
    assertThrowsExn(() => udp.udpTtl(c), ExnFailNetwork, closed('udp-ttl'));
    assertThrowsExn(() => udp.udpSetTtl(c, 5), ExnFailNetwork, closed('udp-set-ttl!'));
    assertThrowsExn(
      () => udp.udpSetReceiveBufferSize(c, 4096),
      ExnFailNetwork,
      closed('udp-set-receive-buffer-size!'),
    );
    assertThrowsExn(() => udp.udpDroppedCount(c), ExnFailNetwork, closed('udp-dropped-count'));
    // The flags still answer, as in Racket.
    assert.equal(isUdpBound(c), true);
    assert.equal(isUdpConnected(s), true);
  });

  it('events can still be made; the readiness events are ready, the others raise', async () => {
    const s = await udpOpenSocket();
    udpClose(s);
    const b = new Uint8Array(4);
    const sendReady = udp.udpSendReadyEvt(s);
    const receiveReady = udp.udpReceiveReadyEvt(s);
    assert.equal(await sync(sendReady), sendReady);
    assert.equal(await sync(receiveReady), receiveReady);
    const receiveEvt = udp.udpReceiveEvt(s, b);
    const sendToEvt = udp.udpSendToEvt(s, '127.0.0.1', 9, bytes('x'));
    const sendEvt = udp.udpSendEvt(s, bytes('x'));
    await assertRejectsExn(
      sync(receiveEvt),
      ExnFailNetwork,
      /^udp-receive!-evt: udp socket is closed/,
    );
    await assertRejectsExn(
      sync(sendToEvt),
      ExnFailNetwork,
      /^udp-send-to-evt: udp socket is closed/,
    );
    await assertRejectsExn(sync(sendEvt), ExnFailNetwork, /^udp-send-evt: udp socket is closed/);
  });

  it('discards unreceived datagrams and wakes a blocked receiver with an error', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const waiting = udpReceive(r, new Uint8Array(4));
    await pause(20);
    udpClose(r);
    await assertRejectsExn(
      waiting,
      ExnFailNetwork,
      'udp-receive!: udp socket is closed\n  socket: #<udp>',
    );
    // Sending to the closed socket's port is fine (the datagram is refused or lost).
    await udpSendTo(s, '127.0.0.1', port, bytes('late'));
  });
});

describe('custodians', () => {
  it('a socket belongs to the current custodian; shutdown closes it and wakes receivers', async () => {
    const c = makeCustodian();
    const [r, s] = await parameterize(currentCustodian, c, async () => {
      const [sock] = await boundSocket();
      return [sock, await udpOpenSocket()];
    });
    assert.ok(custodianManagedList(c, currentCustodian()).includes(r));
    let outcome: unknown = null;
    const t = thread(async () => {
      try {
        await udpReceive(r, new Uint8Array(4));
      } catch (e) {
        outcome = e;
      }
    });
    await pause(20);
    custodianShutdownAll(c);
    await sync(t);
    assert.ok(outcome instanceof ExnFailNetwork);
    assert.equal(
      (outcome as Error).message,
      'udp-receive!: udp socket is closed\n  socket: #<udp>',
    );
    assertThrowsExn(() => udpClose(s), ExnFailNetwork, /already closed/);
    assertThrowsExn(() => udpClose(r), ExnFailNetwork, /already closed/);
  });

  it('under a shut-down custodian, udpOpenSocket fails', async () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    await parameterize(currentCustodian, c, () =>
      assertRejectsExn(
        udpOpenSocket(),
        ExnFail,
        'udp-open-socket: the current custodian has been shut down',
      ),
    );
  });

  it('a closed socket leaves its custodian', async () => {
    const c = makeCustodian();
    const s = await parameterize(currentCustodian, c, () => udpOpenSocket());
    udpClose(s);
    assert.ok(!custodianManagedList(c, currentCustodian()).includes(s));
  });
});

describe('call order', () => {
  it('a receive called after an unawaited bind sees the socket bound', async () => {
    const r = await udpOpenSocket();
    void udpBind(r, 'localhost', 0);
    const s = await udpOpenSocket();
    const received = udpReceive(r, new Uint8Array(8));
    // The bind has happened by the time the receive waits.
    await pause(10);
    const port = udpAddresses(r, true)[1];
    await udpSendTo(s, '127.0.0.1', port, bytes('hi'));
    assert.equal((await received)[0], 2);
  });

  it('unawaited sends arrive in call order, even when the first must look a name up', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const sends = [
      udpSendTo(s, 'localhost', port, bytes('1')),
      udpSendTo(s, '127.0.0.1', port, bytes('2')),
      udpSendTo(s, 'localhost', port, bytes('3')),
      udpSendTo(s, '127.0.0.1', port, bytes('4')),
    ];
    await Promise.all(sends);
    const b = new Uint8Array(1);
    let got = '';
    for (let i = 0; i < 4; i++) {
      await udpReceive(r, b);
      got += text(b);
    }
    assert.equal(got, '1234');
  });

  it('the bytes sent are those at the call, even if the caller reuses its buffer', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const b = bytes('first');
    const sent = udpSendTo(s, 'localhost', port, b);
    b.set(bytes('XXXXX'));
    await sent;
    const into = new Uint8Array(5);
    await udpReceive(r, into);
    assert.equal(text(into), 'first');
  });

  it('a sync on a send-ready event and an always event still chooses one', async () => {
    const s = await udpOpenSocket();
    const ready = udp.udpSendReadyEvt(s);
    const chosen = await sync(ready, alwaysEvt);
    assert.ok(chosen === ready || chosen === alwaysEvt);
    assert.equal(await syncTimeout(0, ready), ready);
  });
});

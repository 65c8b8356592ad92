/**
 * Sending and receiving on real loopback sockets (IPv4 and IPv6): every form of send and
 * receive, truncation, empty datagrams, events that are not chosen, breaks, kills, the
 * would-block rule, delayed refusals, and 10,000 datagrams without loss at a paced rate.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alwaysEvt } from '../evt/combinators.js';
import { sync, syncTimeout } from '../evt/sync.js';
import { ExnBreak, ExnFailNetwork, ExnFailNetworkErrno } from '../exn/exn.js';
import { breakThread, killThread, thread, threadWait } from '../thread/thread.js';
import { parameterizeBreak } from '../thread/break.js';
import { pause } from '../test-support/async.js';
import {
  assertContractErrors,
  assertRejectsExn,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { bytes, text } from '../test-support/bytes.js';
import { freePort } from '../test-support/free-port.js';
import { boundSocket, datagramArrives } from '../test-support/udp.js';
import {
  isUdpBound,
  udpAddresses,
  udpConnect,
  udpDroppedCount,
  udpOpenSocket,
  udpReceive,
  udpReceiveEnableBreak,
  udpReceiveEvt,
  udpReceiveNowait,
  udpReceiveReadyEvt,
  udpSend,
  udpSendEnableBreak,
  udpSendEvt,
  udpSendNowait,
  udpSendReadyEvt,
  udpSendTo,
  udpSendToEnableBreak,
  udpSendToEvt,
  udpSendToNowait,
  udpSetReceiveBufferSize,
} from './index.js';
import { type Udp } from './socket.js';

useTestCustodian(after);

/** Each receive with a bad argument, and the message Racket raises for it. */
const receiveContractCases = (r: Udp, b = new Uint8Array(10)): ContractCase[] => [
  [
    () => udpReceive(r, 'constant' as never),
    contractMessage('udp-receive!', 'bytes?', '"constant"'),
    'rejects',
  ],
  [
    () => udpReceiveNowait(r, b, false as never),
    contractMessage('udp-receive!*', 'exact-nonnegative-integer?', '#f'),
  ],
  [
    () => udpReceiveNowait(r, b, 12),
    'udp-receive!*: starting index is out of range\n  starting index: 12\n  valid range: [0, 10]\n  byte string: #"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"',
  ],
  [
    () => udpReceiveNowait(r, b, 2, 12),
    /^udp-receive!\*: ending index is out of range\n {2}ending index: 12\n {2}valid range: \[2, 10\]/,
  ],
  [
    () => udpReceiveEvt(r, b, 2, 0),
    /^udp-receive!-evt: ending index is out of range\n {2}ending index: 0\n {2}valid range: \[2, 10\]/,
  ],
];

/** Each send with a bad argument, in Racket's order of checks, and the message it raises. */
const sendContractCases = (s: Udp): ContractCase[] => [
  [
    () => udpSendTo(s, false as never, 40000, bytes('hello')),
    contractMessage('udp-send-to', 'string?', '#f'),
    'rejects',
  ],
  [
    () => udpSendTo(s, '127.0.0.1', false as never, bytes('hello')),
    contractMessage('udp-send-to', 'port-number?', '#f'),
    'rejects',
  ],
  [
    () => udpSendToEnableBreak(s, '127.0.0.1', 70000, bytes('x')),
    contractMessage('udp-send-to/enable-break', 'port-number?', '70000'),
    'rejects',
  ],
  [
    () => udpSendTo(s, '127.0.0.1', 40000, 'hello' as never),
    contractMessage('udp-send-to', 'bytes?', '"hello"'),
    'rejects',
  ],
  [
    () => udpSendTo(s, '127.0.0.1', 40000, bytes('hello'), 10),
    'udp-send-to: starting index is out of range\n  starting index: 10\n  valid range: [0, 5]\n  byte string: #"hello"',
    'rejects',
  ],
  [
    () => udpSendTo(s, '127.0.0.1', 40000, bytes('hello'), 1, 11),
    'udp-send-to: ending index is out of range\n  ending index: 11\n  valid range: [1, 5]\n  byte string: #"hello"',
    'rejects',
  ],
  [
    () => udpSendTo(s, '127.0.0.1', 40000, bytes('hello'), 1, 0),
    'udp-send-to: ending index is out of range\n  ending index: 0\n  valid range: [1, 5]\n  byte string: #"hello"',
    'rejects',
  ],
  [() => udpSendNowait(s, bytes('hello'), 1, 13), /^udp-send\*: ending index is out of range/],
  [() => udpSendEvt(s, bytes('x'), 2), /^udp-send-evt: starting index is out of range/],
  [
    () => udpSendToEvt(s, '127.0.0.1', 0, bytes('x')),
    contractMessage('udp-send-to-evt', 'port-number?', '0'),
  ],
];

describe("Racket's udp.rktl scenario", () => {
  it('sends, receives into windows, truncates, connects and sends through events', async () => {
    const udp1 = await udpOpenSocket();
    const us1 = new Uint8Array(10);
    // Not bound: no receiving. Not connected: no udpSend.
    await assertRejectsExn(udpReceive(udp1, us1), ExnFailNetwork, /not bound/);
    assertThrowsExn(() => udpReceiveNowait(udp1, us1), ExnFailNetwork, /not bound/);
    await assertRejectsExn(udpReceiveEnableBreak(udp1, us1), ExnFailNetwork, /not bound/);
    await assertRejectsExn(udpSend(udp1, us1), ExnFailNetwork, /not connected/);
    assertThrowsExn(() => udpSendNowait(udp1, us1), ExnFailNetwork, /not connected/);
    await assertRejectsExn(udpSendEnableBreak(udp1, us1), ExnFailNetwork, /not connected/);

    const closedPort = await freePort('udp');
    await udpSendTo(udp1, '127.0.0.1', closedPort, bytes('knock knock'));
    await pause(20);
    assert.deepEqual(udpReceiveNowait(udp1, us1), [false, false, false]);
    assert.equal(isUdpBound(udp1), true);

    const udp2 = await udpOpenSocket('127.0.0.1');
    const [, port] = await bindTo(udp2, '127.0.0.1');
    assert.deepEqual(udpReceiveNowait(udp2, us1), [false, false, false]);
    await udpSendTo(udp1, '127.0.0.1', port, bytes('Hiya.'));
    const got = await udpReceive(udp2, us1);
    assert.deepEqual(got.slice(0, 2), [5, '127.0.0.1']);
    const udp1Port = got[2];
    assert.equal(text(us1), 'Hiya.\0\0\0\0\0');

    await udpSendTo(udp1, '127.0.0.1', port, bytes('...another?...'), 3, 11);
    assert.deepEqual(await udpReceive(udp2, us1, 1), [8, '127.0.0.1', udp1Port]);
    assert.equal(text(us1), 'Hanother?\0');

    await udpConnect(udp1, '127.0.0.1', port);
    await udpSend(udp1, bytes('truncate me'));
    assert.deepEqual(await udpReceive(udp2, us1, 2, 8), [6, '127.0.0.1', udp1Port]);
    assert.equal(text(us1), 'Hatrunca?\0');

    assert.equal(udpSendNowait(udp1, bytes('SKIPall of it'), 4), true);
    assert.deepEqual(await udpReceive(udp2, us1, 0), [9, '127.0.0.1', udp1Port]);
    assert.equal(text(us1), 'all of it\0');

    await assertRejectsExn(
      udpSendTo(udp1, '127.0.0.1', port, bytes('not ok -- currently connected')),
      ExnFailNetwork,
      'udp-send-to: udp socket is connected\n  socket: #<udp>',
    );
    await udpConnect(udp1, false, false);
    const sendReady = udpSendReadyEvt(udp1);
    assert.equal(await sync(sendReady), sendReady);
    const receiveReady = udpReceiveReadyEvt(udp2);
    assert.equal(await syncTimeout(0.05, receiveReady), false);
    assert.equal(
      await sync(udpSendToEvt(udp1, '127.0.0.1', port, bytes("here's more"))),
      undefined,
    );
    assert.equal(await sync(receiveReady), receiveReady);
    assert.equal(await sync(receiveReady), receiveReady);
    const [n, host] = await sync(udpReceiveEvt(udp2, us1));
    assert.deepEqual([n, host], [10, '127.0.0.1']);
    assert.equal(await syncTimeout(0.05, receiveReady), false);
    assert.equal(await syncTimeout(0.05, udpReceiveEvt(udp2, us1)), false);
    assert.equal(await syncTimeout(0.05, udpReceiveEvt(udp2, new Uint8Array(0))), false);
  });
});

async function bindTo(s: Udp, host: string): Promise<[Udp, number]> {
  const { udpBind } = await import('./lifecycle.js');
  await udpBind(s, host, 0);
  return [s, udpAddresses(s, true)[1]];
}

describe('receiving', () => {
  it('a datagram is what the bytes were at the call, though the caller reuses its Buffer at once', async () => {
    const [receiver, port] = await boundSocket();
    const [sender] = await boundSocket();
    const reused = Buffer.from('first');
    // Through a name lookup (the send waits for it) and at once (a numeric address).
    const viaLookup = udpSendTo(sender, 'localhost', port, reused);
    reused.write('XXXXX');
    const direct = udpSendTo(sender, '127.0.0.1', port, Buffer.from('second'));
    await Promise.all([viaLookup, direct]);
    const got = new Uint8Array(16);
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [n] = await udpReceive(receiver, got);
      seen.push(text(got, 0, n));
    }
    assert.deepEqual(seen.sort(), ['first', 'second']);
  });

  it('copies at most end - start bytes; the rest of the datagram is discarded', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('0123456789abcdef'));
    const b = bytes('xxxxxxxx');
    const [count] = await udpReceive(r, b, 2, 6);
    assert.equal(count, 4);
    assert.equal(text(b), 'xx0123xx');
    assert.equal(await datagramArrives(r, 0.05), false);
    assert.deepEqual(udpReceiveNowait(r, b), [false, false, false]);
  });

  it('empty datagrams and empty windows work; an empty window takes a whole datagram', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, new Uint8Array(0));
    assert.ok(await datagramArrives(r));
    const b = new Uint8Array(4);
    assert.equal(udpReceiveNowait(r, b)[0], 0);
    await udpSendTo(s, '127.0.0.1', port, bytes('abc'));
    assert.equal((await udpReceive(r, new Uint8Array(0)))[0], 0);
    assert.equal(await datagramArrives(r, 0.05), false);
    // A zero-length send sends exactly one empty datagram (Racket 8.7 loops or says #f).
    assert.equal(await udpSendToNowait(s, '127.0.0.1', port, new Uint8Array(0)), true);
    assert.ok(await datagramArrives(r));
    assert.equal(udpReceiveNowait(r, b)[0], 0);
    assert.equal(await datagramArrives(r, 0.05), false);
  });

  it('checks its arguments with Racket’s range messages', async () => {
    const [r] = await boundSocket();
    await assertContractErrors(receiveContractCases(r));
  });

  it('IPv6: ::1 to ::1, and an IPv4 sender seen by an IPv6 socket as ::ffff:127.0.0.1', async () => {
    const [r6, p6] = await boundSocket('::1');
    const any6 = await udpOpenSocket('::1');
    const [, pAny] = await bindTo(any6, '::');
    const s6 = await udpOpenSocket('::1');
    await udpSendTo(s6, '::1', p6, bytes('six'));
    const b = new Uint8Array(8);
    const [n, host, port] = await udpReceive(r6, b);
    assert.deepEqual([n, host], [3, '::1']);
    assert.equal(port, udpAddresses(s6, true)[1]);
    assert.equal(udpAddresses(s6)[0], '::');
    const s4 = await udpOpenSocket();
    await udpSendTo(s4, '127.0.0.1', pAny, bytes('v4'));
    assert.deepEqual((await udpReceive(any6, b)).slice(0, 2), [2, '::ffff:127.0.0.1']);
    // An IPv6 socket sends to IPv4 addresses too; an IPv4 socket cannot send to IPv6 ones.
    const [r4, p4] = await boundSocket();
    await udpSendTo(s6, '127.0.0.1', p4, bytes('mapped'));
    assert.equal((await udpReceive(r4, b))[0], 6);
    await assertRejectsExn(
      udpSendTo(s4, '::1', p6, bytes('x')),
      ExnFailNetworkErrno,
      'udp-send-to: send failed\n  system error: Address family not supported by protocol; errno=97',
    );
  });

  it('udpDroppedCount: a full receive queue drops (and counts) what does not fit', async () => {
    const r = await udpOpenSocket();
    udpSetReceiveBufferSize(r, 1);
    const [, port] = await bindTo(r, '127.0.0.1');
    const s = await udpOpenSocket();
    // The kernel's minimum buffer (Linux: 4608 bytes) bounds the queue: 3 datagrams of 1000
    // bytes (each charged 1000 + 256). One at a time, each read by Node before the next comes,
    // so that only the queue drops (the kernel's own buffer never fills).
    const datagram = new Uint8Array(1000);
    const sent = 50;
    for (let i = 0; i < sent; i++) {
      await udpSendTo(s, '127.0.0.1', port, datagram);
      await pause(1);
    }
    await pause(20);
    let received = 0;
    while (udpReceiveNowait(r, new Uint8Array(1))[0] !== false) received++;
    const dropped = udpDroppedCount(r);
    assert.ok(received >= 1 && received <= 4, `received ${received}`);
    assert.equal(received + dropped, sent);
  });
});

describe('sending', () => {
  it('a send binds an unbound socket to an ephemeral port on all addresses', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    assert.equal(isUdpBound(s), false);
    await udpSendTo(s, 'localhost', port, bytes('bind me'));
    assert.equal(isUdpBound(s), true);
    const [local, localPort] = udpAddresses(s, true);
    assert.equal(local, '0.0.0.0');
    assert.equal((await udpReceive(r, new Uint8Array(8)))[2], localPort);
  });

  it('broadcasting is allowed (SO_BROADCAST): loopback broadcast reaches an any-address socket', async () => {
    const r = await udpOpenSocket();
    // Bound to all addresses (hostname false): receives what is sent to any of them.
    const [, port] = await bindTo(r, '0.0.0.0');
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.255.255.255', port, bytes('all'));
    await udpSendTo(s, '127.0.0.1', port, bytes('one'));
    const b = new Uint8Array(3);
    await udpReceive(r, b);
    assert.equal(text(b), 'all');
    await udpReceive(r, b);
    assert.equal(text(b), 'one');
  });

  it('a chosen send event binds an unbound socket', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await sync(udpSendToEvt(s, '127.0.0.1', port, bytes('evt')));
    assert.equal(isUdpBound(s), true);
    const [, localPort] = udpAddresses(s, true);
    assert.equal((await udpReceive(r, new Uint8Array(3)))[2], localPort);
  });

  it('the Nowait forms send and say so; udpSendToNowait binds an unbound socket', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    assert.equal(await udpSendToNowait(s, '127.0.0.1', port, bytes('a')), true);
    assert.equal(isUdpBound(s), true);
    await udpConnect(s, '127.0.0.1', port);
    assert.equal(udpSendNowait(s, bytes('b')), true);
    const b = new Uint8Array(1);
    await udpReceive(r, b);
    assert.equal(text(b), 'a');
    await udpReceive(r, b);
    assert.equal(text(b), 'b');
  });

  it('an oversized datagram is a clean errno 90; the largest ones go through', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await assertRejectsExn(
      udpSendTo(s, '127.0.0.1', port, new Uint8Array(65508)),
      ExnFailNetworkErrno,
      'udp-send-to: send failed\n  system error: Message too long; errno=90',
    );
    await udpSendTo(s, '127.0.0.1', port, new Uint8Array(65507));
    assert.equal((await udpReceive(r, new Uint8Array(70000)))[0], 65507);
    const [r6, p6] = await boundSocket('::1');
    const s6 = await udpOpenSocket('::1');
    await assertRejectsExn(
      udpSendToNowait(s6, '::1', p6, new Uint8Array(65528)),
      ExnFailNetworkErrno,
      'udp-send-to*: send failed\n  system error: Message too long; errno=90',
    );
    await udpSendTo(s6, '::1', p6, new Uint8Array(65527));
    assert.equal((await udpReceive(r6, new Uint8Array(70000)))[0], 65527);
    await udpConnect(s, '127.0.0.1', port);
    assertThrowsExn(() => udpSendNowait(s, new Uint8Array(70000)), ExnFailNetworkErrno, /errno=90/);
  });

  it('checks its arguments in Racket’s order', async () => {
    const s = await udpOpenSocket();
    await assertContractErrors(sendContractCases(s));
    // Nothing was sent, so nothing bound the socket.
    assert.equal(isUdpBound(s), false);
  });

  it('errors the events find are raised by the sync that chooses them, with their names', async () => {
    const s = await udpOpenSocket();
    await assertRejectsExn(
      sync(udpSendEvt(s, bytes('x'))),
      ExnFailNetwork,
      'udp-send-evt: udp socket is not connected\n  socket: #<udp>',
    );
    await assertRejectsExn(
      sync(udpReceiveEvt(s, new Uint8Array(1))),
      ExnFailNetwork,
      'udp-receive!-evt: udp socket is not bound\n  socket: #<udp>',
    );
    await assertRejectsExn(
      sync(udpSendToEvt(s, 'no-such-host.invalid', 9, bytes('x'))),
      ExnFailNetworkErrno,
      "udp-send-to-evt: can't resolve address\n  address: no-such-host.invalid\n  port number: 9\n  system error: Name or service not known; gai_err=-2",
    );
    await udpConnect(s, '127.0.0.1', 9);
    await assertRejectsExn(
      sync(udpSendToEvt(s, '127.0.0.1', 9, bytes('x'))),
      ExnFailNetwork,
      'udp-send-to-evt: udp socket is connected\n  socket: #<udp>',
    );
  });

  it('a refusal reported for an earlier datagram fails a later send (errno 111)', async () => {
    const port = await freePort('udp');
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', port);
    await udpSend(s, bytes('x'));
    await pause(30);
    await assertRejectsExn(
      udpSend(s, bytes('x')),
      ExnFailNetworkErrno,
      'udp-send: send failed\n  system error: Connection refused; errno=111',
    );
    // Reported once: the next send goes out (and is refused in turn).
    await udpSend(s, bytes('x'));
    await pause(30);
    // A receive attempt consumes a pending report, as recvfrom does for Racket.
    assert.deepEqual(udpReceiveNowait(s, new Uint8Array(1)), [false, false, false]);
    assert.equal(udpSendNowait(s, bytes('x')), true);
  });
});

describe('events that are not chosen take no effect', () => {
  it('udpReceiveEvt against alwaysEvt: received + still queued = sent; bytes untouched', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const rounds = 40;
    for (let i = 0; i < rounds; i++) await udpSendTo(s, '127.0.0.1', port, bytes('DATA'));
    await pause(20);
    let taken = 0;
    for (let i = 0; i < rounds; i++) {
      const b = bytes('......');
      const result = await sync(udpReceiveEvt(r, b), alwaysEvt);
      if (result === alwaysEvt) assert.equal(text(b), '......');
      else {
        assert.equal(text(b), 'DATA..');
        taken++;
      }
    }
    let left = 0;
    while (udpReceiveNowait(r, new Uint8Array(4))[0] !== false) left++;
    assert.equal(taken + left, rounds);
    assert.ok(taken > 0 && left > 0, `taken ${taken}, left ${left}`);
  });

  it('udpSendEvt / udpSendToEvt against alwaysEvt: sent exactly when chosen', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const c = await udpOpenSocket();
    await udpConnect(c, '127.0.0.1', port);
    let chosen = 0;
    for (let i = 0; i < 40; i++) {
      const evt =
        i % 2 ? udpSendEvt(c, bytes('e')) : udpSendToEvt(s, '127.0.0.1', port, bytes('t'));
      if ((await sync(evt, alwaysEvt)) !== alwaysEvt) chosen++;
    }
    await pause(30);
    let arrived = 0;
    while (udpReceiveNowait(r, new Uint8Array(1))[0] !== false) arrived++;
    assert.equal(arrived, chosen);
  });

  it('a send event sends its bytes as they are when it is chosen', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const b = bytes('before');
    const evt = udpSendToEvt(s, 'localhost', port, b);
    b.set(bytes('after!'));
    await sync(evt);
    const into = new Uint8Array(6);
    await udpReceive(r, into);
    assert.equal(text(into), 'after!');
  });
});

describe('breaks and kills', () => {
  it('a break ends a blocked udpReceiveEnableBreak without taking a datagram', async () => {
    const [r, port] = await boundSocket();
    let outcome: unknown = null;
    const t = parameterizeBreak(false, () =>
      thread(async () => {
        try {
          outcome = await udpReceiveEnableBreak(r, new Uint8Array(4));
        } catch (e) {
          outcome = e;
        }
      }),
    );
    await pause(20);
    breakThread(t);
    await threadWait(t);
    assert.ok(outcome instanceof ExnBreak, String(outcome));
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('kept'));
    const b = new Uint8Array(4);
    assert.equal((await udpReceive(r, b))[0], 4);
    assert.equal(text(b), 'kept');
  });

  it('with breaks disabled, udpReceive is not interrupted: the break waits', async () => {
    const [r, port] = await boundSocket();
    let outcome: unknown = null;
    const t = parameterizeBreak(false, () =>
      thread(async () => {
        outcome = await udpReceive(r, new Uint8Array(4));
      }),
    );
    await pause(20);
    breakThread(t);
    await pause(20);
    assert.equal(outcome, null);
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('go'));
    await threadWait(t);
    assert.deepEqual((outcome as unknown as unknown[])[0], 2);
  });

  it('a killed receiver takes nothing; the socket serves the next one', async () => {
    const [r, port] = await boundSocket();
    const t = thread(() => udpReceive(r, new Uint8Array(4)));
    await pause(20);
    killThread(t);
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('next'));
    assert.equal((await udpReceive(r, new Uint8Array(4)))[0], 4);
  });

  it('a kill while a send waits for its turn does not block later operations', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const t = thread(async () => {
      await udpSendTo(s, 'localhost', port, bytes('1'));
      await udpSendTo(s, 'localhost', port, bytes('2'));
    });
    killThread(t);
    await udpSendTo(s, '127.0.0.1', port, bytes('3'));
    const b = new Uint8Array(1);
    await udpReceive(r, b);
    assert.ok(['1', '3'].includes(text(b)));
  });
});

describe('would block', () => {
  /**
   * Makes the system's send queue look full, as when the kernel cannot take more: the send made
   * by `fill` is handed to Node, which holds it (no datagram, no report yet), and libuv counts
   * it as queued. The returned function reports it sent, and the queue empty.
   */
  async function fakeFullQueue(s: Udp, fill: () => unknown): Promise<() => void> {
    const node = s.systemSocket!;
    const realSend = node.send;
    const realCount = node.getSendQueueCount.bind(node);
    const held: ((error: Error | null) => void)[] = [];
    node.send = ((...args: unknown[]) => {
      held.push(args[args.length - 1] as (error: Error | null) => void);
    }) as typeof node.send;
    await fill();
    node.send = realSend;
    assert.equal(held.length, 1, 'the filling send is in flight');
    node.getSendQueueCount = () => 1;
    return () => {
      node.getSendQueueCount = realCount;
      for (const report of held.splice(0)) report(null);
      s.sendWaiters.wakeAll();
    };
  }

  it('Nowait sends say false, the ready event waits, a blocked send can be broken', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', port);
    const drain = await fakeFullQueue(s, () => udpSendNowait(s, bytes('held')));
    assert.equal(udpSendNowait(s, bytes('no')), false);
    assert.equal(await syncTimeout(0.02, udpSendReadyEvt(s)), false);
    assert.equal(await syncTimeout(0.02, udpSendEvt(s, bytes('no'))), false);
    let outcome: unknown = null;
    const t = parameterizeBreak(false, () =>
      thread(async () => {
        try {
          await udpSendEnableBreak(s, bytes('broken'));
        } catch (e) {
          outcome = e;
        }
      }),
    );
    await pause(20);
    breakThread(t);
    await threadWait(t);
    assert.ok(outcome instanceof ExnBreak);
    const waiting = udpSend(s, bytes('queued'));
    await pause(20);
    assert.equal(await datagramArrives(r, 0.02), false);
    drain();
    await waiting;
    const b = new Uint8Array(6);
    await udpReceive(r, b);
    assert.equal(text(b), 'queued');
    assert.equal(await datagramArrives(r, 0.05), false);
  });

  it('udpSendToNowait says false on a full queue', async () => {
    const [, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpSendTo(s, '127.0.0.1', port, bytes('bind'));
    const drain = await fakeFullQueue(s, () =>
      udpSendToNowait(s, '127.0.0.1', port, bytes('held')),
    );
    assert.equal(await udpSendToNowait(s, '127.0.0.1', port, bytes('x')), false);
    drain();
    assert.equal(await udpSendToNowait(s, '127.0.0.1', port, bytes('x')), true);
  });
});

describe('volume', () => {
  it('10,000 datagrams at a paced rate arrive without loss, in order', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', port);
    const total = 10_000;
    const batch = 100;
    const out = new Uint8Array(64);
    const view = new DataView(out.buffer);
    const into = new Uint8Array(64);
    const intoView = new DataView(into.buffer);
    let next = 0;
    const started = performance.now();
    for (let i = 0; i < total; i += batch) {
      for (let j = i; j < i + batch; j++) {
        view.setUint32(0, j);
        await udpSend(s, out);
      }
      for (let j = i; j < i + batch; j++) {
        const [n] = await udpReceive(r, into);
        assert.equal(n, 64);
        assert.equal(intoView.getUint32(0), next++);
      }
    }
    assert.equal(next, total);
    assert.equal(udpDroppedCount(r), 0);
    const seconds = (performance.now() - started) / 1000;
    console.log(`# 10,000 datagrams in ${seconds.toFixed(2)} s`);
  });
});

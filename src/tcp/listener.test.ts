import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import net from 'node:net';
import { ExnBreak, ExnFail, ExnFailNetwork, ExnFailNetworkErrno } from '../exn/exn.js';
import { alwaysEvt } from '../evt/combinators.js';
import { sync, syncTimeout } from '../evt/sync.js';
import { custodianShutdownAll, currentCustodian, makeCustodian } from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { breakThread, thread } from '../thread/thread.js';
import { readBytes, readLine } from '../port/read.js';
import { writeString } from '../port/write.js';
import { closeInputPort, closeOutputPort, isPortClosed } from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import {
  assertContractErrors,
  assertRejectsExn,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { isPending, pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { listenLoopback, waitUntilReady } from '../test-support/tcp.js';
import {
  isTcpAcceptReady,
  isTcpListener,
  isTcpPort,
  tcpAccept,
  tcpAcceptEnableBreak,
  tcpAcceptEvt,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
} from './index.js';

useTestCustodian(after);

const CLOSED = (who: string): string => `${who}: listener is closed\n  listener: #<tcp-listener>`;

/** A raw Node client that reads everything; resolves with what it read and how it ended. */
function rawClient(
  port: number,
  host = '127.0.0.1',
): Promise<{ socket: net.Socket; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host, allowHalfOpen: true });
    let text = '';
    const ended = new Promise<string>((done) => {
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => done(`eof:${text}`));
      socket.on('error', (e: NodeJS.ErrnoException) => done(`error:${e.code}`));
    });
    socket.once('connect', () => resolve({ socket, ended }));
    socket.once('error', reject);
  });
}

/** Each call with a bad argument, and the message Racket raises for it. */
const LISTEN_CONTRACT_CASES: ContractCase[] = [
  [
    () => tcpListen(70000),
    contractMessage('tcp-listen', 'listen-port-number?', '70000'),
    'rejects',
  ],
  [() => tcpListen(-1), contractMessage('tcp-listen', 'listen-port-number?', '-1'), 'rejects'],
  [() => tcpListen(1.5), /listen-port-number\?/, 'rejects'],
  [
    () => tcpListen(0, -1),
    contractMessage('tcp-listen', 'exact-nonnegative-integer?', '-1'),
    'rejects',
  ],
  [
    () => tcpListen(0, 4, false, 5 as never),
    contractMessage('tcp-listen', '(or/c string? #f)', '5'),
    'rejects',
  ],
];

/** The procedures that take a listener, given something else. */
const LISTENER_CONTRACT_CASES: ContractCase[] = [
  [() => tcpClose(5 as never), contractMessage('tcp-close', 'tcp-listener?', '5')],
  [() => isTcpAcceptReady(5 as never), contractMessage('tcp-accept-ready?', 'tcp-listener?', '5')],
  [() => tcpAcceptEvt(5 as never), contractMessage('tcp-accept-evt', 'tcp-listener?', '5')],
  [() => tcpAccept(5 as never), contractMessage('tcp-accept', 'tcp-listener?', '5'), 'rejects'],
  [() => tcpAddresses(5), contractMessage('tcp-addresses', '(or/c tcp-port? tcp-listener?)', '5')],
];

describe('tcpListen', () => {
  it('checks its arguments as Racket does, before listening', () =>
    assertContractErrors(LISTEN_CONTRACT_CASES));

  it('binds an ephemeral port on 127.0.0.1 and reports it', async () => {
    const [listener, port] = await listenLoopback();
    assert.ok(isTcpListener(listener));
    assert.ok(!isTcpPort(listener));
    assert.ok(port > 0 && port <= 65535);
    assert.deepEqual(tcpAddresses(listener, true), ['127.0.0.1', port, '0.0.0.0', 0]);
    assert.deepEqual(tcpAddresses(listener), ['127.0.0.1', '0.0.0.0']);
    tcpClose(listener);
  });

  it('with hostname false, listens on IPv4 and IPv6 on one port and reports 0.0.0.0', async () => {
    const listener = await tcpListen(0);
    const [host, port, remote, remotePort] = tcpAddresses(listener, true);
    assert.deepEqual([host, remote, remotePort], ['0.0.0.0', '0.0.0.0', 0]);
    const [, co4] = await tcpConnect('127.0.0.1', port);
    const [si4] = await tcpAccept(listener);
    assert.equal(tcpAddresses(si4)[1], '127.0.0.1');
    const [, co6] = await tcpConnect('::1', port);
    const [si6] = await tcpAccept(listener);
    assert.equal(tcpAddresses(si6)[1], '::1');
    for (const p of [co4, co6]) await closeOutputPort(p);
    tcpClose(listener);
  });

  it('listens on ::1', async () => {
    const [listener, port] = await listenLoopback('::1');
    assert.deepEqual(tcpAddresses(listener, true), ['::1', port, '0.0.0.0', 0]);
    tcpClose(listener);
  });

  it('a port in use fails with errno 98, with and without a hostname line', async () => {
    const [listener, port] = await listenLoopback();
    await assertRejectsExn(
      tcpListen(port, 4, false, '127.0.0.1'),
      ExnFailNetworkErrno,
      `tcp-listen: listen failed\n  hostname: 127.0.0.1\n  port number: ${port}\n  system error: Address already in use; errno=98`,
    );
    await tcpListen(port).then(
      () => assert.fail('listened twice'),
      (e: ExnFailNetworkErrno) => {
        assert.equal(
          e.message,
          `tcp-listen: listen failed\n  port number: ${port}\n  system error: Address already in use; errno=98`,
        );
        assert.deepEqual(e.errno, [98, 'posix']);
      },
    );
    tcpClose(listener);
  });

  it('an unresolvable host is an address-resolution error (gai)', async () => {
    await tcpListen(0, 4, false, 'no-such-host.invalid').then(
      () => assert.fail('listened'),
      (e: unknown) => {
        assert.ok(e instanceof ExnFailNetworkErrno);
        assert.match(
          e.message,
          /^tcp-listen: address-resolution error\n {2}hostname: no-such-host.invalid\n {2}port number: 0\n {2}system error: .*; gai_err=-\d+$/,
        );
        assert.equal(e.errno[1], 'gai');
      },
    );
  });

  it('reuse = true listens again on a port just closed', async () => {
    const [listener, port] = await listenLoopback();
    tcpClose(listener);
    const again = await tcpListen(port, 4, true, '127.0.0.1');
    tcpClose(again);
  });

  it('under a shut-down custodian it fails', async () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    await parameterize(currentCustodian, c, () =>
      assertRejectsExn(
        tcpListen(0),
        ExnFail,
        'tcp-listen: the current custodian has been shut down',
      ),
    );
  });
});

describe('accepting', () => {
  it('tcpAccept waits for a client; isTcpAcceptReady and the listener evt accept nothing', async () => {
    const [listener, port] = await listenLoopback();
    assert.equal(isTcpAcceptReady(listener), false);
    assert.equal(await syncTimeout(0, listener), false);
    const accepting = tcpAccept(listener);
    assert.ok(await isPending(accepting));
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    const [si, so] = await accepting;
    assert.ok(isTcpPort(si) && isTcpPort(so) && isTcpPort(ci) && isTcpPort(co));
    assert.equal(si.name, 'tcp-accepted');
    assert.equal(ci.name, '127.0.0.1');
    // A second client waits: ready, and the listener is ready as an evt, twice over.
    const [, co2] = await tcpConnect('127.0.0.1', port);
    await waitUntilReady(listener);
    assert.equal(isTcpAcceptReady(listener), true);
    assert.equal(await sync(listener), listener);
    assert.equal(await sync(listener), listener);
    assert.equal(isTcpAcceptReady(listener), true);
    const [si2] = await tcpAccept(listener);
    assert.equal(isTcpAcceptReady(listener), false);
    await writeString('hi\n', co2);
    await closeOutputPort(co2);
    assert.equal(await readLine(si2), 'hi');
    for (const p of [co, so]) await closeOutputPort(p);
    tcpClose(listener);
  });

  it('accepted connections wait unread: data sent before the accept arrives intact', async () => {
    const [listener, port] = await listenLoopback();
    const [, co] = await tcpConnect('127.0.0.1', port);
    await writeString('early bytes', co);
    await closeOutputPort(co);
    await pause(50);
    const [si] = await tcpAccept(listener);
    assert.equal(new TextDecoder().decode((await readBytes(100, si)) as Uint8Array), 'early bytes');
    tcpClose(listener);
  });

  it('a not-chosen tcpAcceptEvt accepts nothing: accepted + pending = N', async () => {
    const N = 12;
    const [listener, port] = await listenLoopback('127.0.0.1', N);
    const clients = [];
    for (let i = 0; i < N; i++) clients.push(await tcpConnect('127.0.0.1', port));
    await waitUntilReady(listener, N);
    const evt = tcpAcceptEvt(listener);
    let accepted = 0;
    for (let round = 0; round < N; round++) {
      const r = await sync(evt, alwaysEvt);
      if (r !== alwaysEvt) {
        assert.ok(Array.isArray(r) && r.length === 2 && isTcpPort(r[0]) && isTcpPort(r[1]));
        accepted++;
      }
    }
    let pending = 0;
    while (isTcpAcceptReady(listener)) {
      await tcpAccept(listener);
      pending++;
    }
    assert.equal(accepted + pending, N);
    assert.ok(accepted > 0 && pending > 0, `accepted ${accepted}, pending ${pending}`);
    tcpClose(listener);
  });

  it('tcpAcceptEvt ports go to the custodian current when the evt was made', async () => {
    const [listener, port] = await listenLoopback();
    const c = makeCustodian();
    const evt = parameterize(currentCustodian, c, () => tcpAcceptEvt(listener));
    await tcpConnect('127.0.0.1', port);
    const [si, so] = await sync(evt);
    custodianShutdownAll(c);
    assert.ok(isPortClosed(si) && isPortClosed(so));
    tcpClose(listener);
  });

  it('a closed listener raises ExnFailNetwork everywhere, the evt only when synced', async () => {
    const [listener] = await listenLoopback();
    const evt = tcpAcceptEvt(listener);
    tcpClose(listener);
    assertThrowsExn(() => tcpClose(listener), ExnFailNetwork, CLOSED('tcp-close'));
    assertThrowsExn(() => isTcpAcceptReady(listener), ExnFailNetwork, CLOSED('tcp-accept-ready?'));
    assertThrowsExn(() => tcpAddresses(listener), ExnFailNetwork, CLOSED('tcp-addresses'));
    await assertRejectsExn(tcpAccept(listener), ExnFailNetwork, CLOSED('tcp-accept'));
    await assertRejectsExn(
      tcpAcceptEnableBreak(listener),
      ExnFailNetwork,
      CLOSED('tcp-accept/enable-break'),
    );
    await assertRejectsExn(sync(evt), ExnFailNetwork, CLOSED('tcp-accept-evt'));
    assert.equal(tcpAcceptEvt(listener) !== undefined, true);
    // The listener as an evt is ready once closed.
    assert.equal(await sync(listener), listener);
  });

  it('contract errors name tcp-listener?', async () => {
    await assertContractErrors(LISTENER_CONTRACT_CASES);
    assert.equal(isTcpListener(5), false);
  });

  it('tcpClose: unaccepted clients get EOF, accepted ones live on; blocked accepts wake', async () => {
    const [listener, port] = await listenLoopback();
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    const [si, so] = await tcpAccept(listener);
    const waiting = await rawClient(port);
    await waitUntilReady(listener);
    const raw2 = await rawClient(port);
    raw2.socket.write('unread data');
    await pause(30);
    tcpClose(listener);
    assert.equal(await waiting.ended, 'eof:');
    assert.equal(await raw2.ended, 'eof:');
    waiting.socket.destroy();
    raw2.socket.destroy();
    await writeString('still here\n', so);
    await closeOutputPort(so);
    assert.equal(await readLine(ci), 'still here');
    await closeOutputPort(co);
    assert.ok(isEofObject(await readLine(si)));
  });

  it('a blocked tcpAccept wakes with ExnFailNetwork when the listener is closed', async () => {
    const [listener] = await listenLoopback();
    const accepting = tcpAccept(listener);
    assert.ok(await isPending(accepting));
    tcpClose(listener);
    await assertRejectsExn(accepting, ExnFailNetwork, CLOSED('tcp-accept'));
  });

  it('past maxAllowWait, new clients are reset; the waiting ones stay', async () => {
    const [listener, port] = await listenLoopback('127.0.0.1', 2);
    const a = await rawClient(port);
    const b = await rawClient(port);
    await waitUntilReady(listener, 2);
    // Node completed the handshake: the client sees the reset on connect or on its first read.
    const c = await rawClient(port).then(
      (client) => client.ended,
      (e: NodeJS.ErrnoException) => `error:${e.code}`,
    );
    assert.equal(c, 'error:ECONNRESET');
    assert.equal(listener.pendingCount, 2);
    await tcpAccept(listener);
    const d = await rawClient(port);
    await waitUntilReady(listener, 2);
    for (const x of [a, b, d]) x.socket.destroy();
    tcpClose(listener);
  });

  it('maxAllowWait 0 still lets one client wait', async () => {
    const [listener, port] = await listenLoopback('127.0.0.1', 0);
    const a = await rawClient(port);
    await waitUntilReady(listener, 1);
    const [si] = await tcpAccept(listener);
    a.socket.end('x');
    assert.equal(new TextDecoder().decode((await readBytes(5, si)) as Uint8Array), 'x');
    a.socket.destroy();
    tcpClose(listener);
  });

  it('a break during tcpAcceptEnableBreak raises ExnBreak and accepts nothing', async () => {
    const [listener, port] = await listenLoopback();
    let outcome: unknown;
    const t = thread(async () => {
      try {
        outcome = await tcpAcceptEnableBreak(listener);
      } catch (e) {
        outcome = e;
      }
    });
    await pause(20);
    breakThread(t);
    await pause(20);
    assert.ok(outcome instanceof ExnBreak);
    await tcpConnect('127.0.0.1', port);
    await waitUntilReady(listener);
    assert.equal(isTcpAcceptReady(listener), true);
    tcpClose(listener);
  });

  it('custodian shutdown closes the listener and its ports and wakes a blocked accept', async () => {
    const c = makeCustodian();
    const [listener, port] = await parameterize(currentCustodian, c, () => listenLoopback());
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    const [si, so] = await parameterize(currentCustodian, c, () => tcpAccept(listener));
    const blocked = tcpAccept(listener);
    assert.ok(await isPending(blocked));
    custodianShutdownAll(c);
    await assertRejectsExn(blocked, ExnFailNetwork, CLOSED('tcp-accept'));
    assert.ok(listener.isClosed && isPortClosed(si) && isPortClosed(so));
    assertThrowsExn(() => isTcpAcceptReady(listener), ExnFailNetwork);
    // The peer of the shut-down ports sees the connection end.
    assert.ok(isEofObject(await readBytes(1, ci)));
    closeInputPort(ci);
    await closeOutputPort(co);
    await assertRejectsExn(
      parameterize(currentCustodian, c, () => tcpAccept(listener)),
      ExnFailNetwork,
    );
  });
});

describe('tcp-listen on port 0 over several addresses', () => {
  type LookupCallback = (
    error: Error | null,
    addresses: { address: string; family: number }[],
  ) => void;
  const TWO = 'two.listen.test';

  /**
   * `TWO` resolves to 127.0.0.1 then 127.0.0.2, and the first `taken` listens on 127.0.0.2 are
   * sent to a port a blocker holds there: the port the kernel chose for 127.0.0.1 is "taken".
   */
  async function takenOnSecondAddress(
    t: { mock: typeof import('node:test').mock; after(fn: () => void): void },
    taken: number,
  ): Promise<{ readonly tries: number; readonly servers: readonly net.Server[] }> {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.2', resolve));
    t.after(() => blocker.close());
    const blockedPort = (blocker.address() as net.AddressInfo).port;
    const lookup = dns.lookup;
    // Node's own listen looks its host up too, with other arguments: those pass through.
    t.mock.method(dns, 'lookup', (...args: unknown[]) => {
      if (args[0] !== TWO) return (lookup as (...a: unknown[]) => void).apply(dns, args);
      (args[2] as LookupCallback)(null, [
        { address: '127.0.0.1', family: 4 },
        { address: '127.0.0.2', family: 4 },
      ]);
    });
    const listen = net.Server.prototype.listen;
    let tries = 0;
    const servers: net.Server[] = [];
    t.mock.method(net.Server.prototype, 'listen', function (this: net.Server, ...args: unknown[]) {
      servers.push(this);
      const options = args[0] as { host?: string; port?: number };
      if (typeof options === 'object' && options.host === '127.0.0.2') {
        if (tries++ < taken) args[0] = { ...options, port: blockedPort };
      }
      return (listen as (...a: unknown[]) => net.Server).apply(this, args);
    });
    return {
      get tries() {
        return tries;
      },
      servers,
    };
  }

  it('starts again on a new port when the chosen one is taken on a later address (as rktio)', async (t) => {
    const blocked = await takenOnSecondAddress(t, 2);
    const listener = await tcpListen(0, 5, true, TWO);
    const [, port] = tcpAddresses(listener, true);
    assert.equal(blocked.tries, 3, 'two ports found taken, the third free');
    for (const host of ['127.0.0.1', '127.0.0.2']) {
      const [ci, co] = await tcpConnect(host, port);
      const [si, so] = await tcpAccept(listener);
      await writeString('hi\n', co);
      await closeOutputPort(co);
      assert.equal(await readLine(si), 'hi');
      for (const p of [ci, si]) closeInputPort(p);
      await closeOutputPort(so);
    }
    tcpClose(listener);
  });

  it('gives up after four new ports, closing every socket it opened', async (t) => {
    const blocked = await takenOnSecondAddress(t, Infinity);
    await assertRejectsExn(
      tcpListen(0, 5, true, TWO),
      ExnFailNetworkErrno,
      `tcp-listen: listen failed\n  hostname: ${TWO}\n  port number: 0\n  system error: Address already in use; errno=98`,
    );
    assert.equal(blocked.tries, 5, 'the first port and four more');
    assert.equal(blocked.servers.length, 10, 'five rounds over the two addresses');
    await pause(10);
    assert.ok(
      blocked.servers.every((server) => !server.listening),
      'every socket of every round is closed',
    );
  });
});

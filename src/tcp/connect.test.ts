import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ExnBreak, ExnFail, ExnFailNetworkErrno } from '../exn/exn.js';
import { custodianShutdownAll, currentCustodian, makeCustodian } from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { breakThread, isThreadDead, killThread, thread } from '../thread/thread.js';
import { parameterizeBreak } from '../thread/break.js';
import { flush, pause } from '../test-support/async.js';
import {
  assertContractErrors,
  assertRejectsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { freePort } from '../test-support/free-port.js';
import { listenLoopback } from '../test-support/tcp.js';
import {
  isTcpPort,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpConnectEnableBreak,
} from './index.js';

useTestCustodian(after);

/** A raw Node server that records what each connection it gets sees, to check leaks. */
async function rawServer(): Promise<{ server: net.Server; port: number; ends: Promise<string>[] }> {
  const server = net.createServer({ allowHalfOpen: true });
  const ends: Promise<string>[] = [];
  server.on('connection', (socket) => {
    ends.push(
      new Promise((resolve) => {
        socket.resume();
        socket.on('end', () => resolve('eof'));
        socket.on('error', (e: NodeJS.ErrnoException) => resolve(`error:${e.code}`));
        socket.on('close', () => resolve('closed'));
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port, ends };
}

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => tcpConnect(5 as never, 80), contractMessage('tcp-connect', 'string?', '5'), 'rejects'],
  [() => tcpConnect('x', 0), contractMessage('tcp-connect', 'port-number?', '0'), 'rejects'],
  [
    () => tcpConnect('x', 65536),
    contractMessage('tcp-connect', 'port-number?', '65536'),
    'rejects',
  ],
  [
    () => tcpConnect('x', 80, 5 as never),
    contractMessage('tcp-connect', '(or/c string? #f)', '5'),
    'rejects',
  ],
  [
    () => tcpConnect('x', 80, false, 0),
    contractMessage('tcp-connect', '(or/c port-number? #f)', '0'),
    'rejects',
  ],
  [
    () => tcpConnect('x', 80, '127.0.0.1', false),
    'tcp-connect: no local port number supplied when local hostname was supplied\n  hostname: "127.0.0.1"',
    'rejects',
  ],
  [
    () => tcpConnectEnableBreak('x', 0),
    contractMessage('tcp-connect/enable-break', 'port-number?', '0'),
    'rejects',
  ],
];

describe('tcpConnect', () => {
  it('checks its arguments as Racket does', () => assertContractErrors(CONTRACT_CASES));

  it('refused: ExnFailNetworkErrno with errno 111 and the hostname as given', async () => {
    const port = await freePort();
    for (const [host, who, connect] of [
      ['127.0.0.1', 'tcp-connect', tcpConnect],
      ['localhost', 'tcp-connect', tcpConnect],
      ['::1', 'tcp-connect/enable-break', tcpConnectEnableBreak],
    ] as const) {
      await connect(host, port).then(
        () => assert.fail('connected'),
        (e: unknown) => {
          assert.ok(e instanceof ExnFailNetworkErrno);
          assert.equal(
            e.message,
            `${who}: connection failed\n  hostname: ${host}\n  port number: ${port}\n  system error: Connection refused; errno=111`,
          );
          assert.deepEqual(e.errno, [111, 'posix']);
        },
      );
    }
  });

  it('unknown host: host not found, gai errno', async () => {
    await tcpConnect('no-such-host.invalid', 80).then(
      () => assert.fail('connected'),
      (e: unknown) => {
        assert.ok(e instanceof ExnFailNetworkErrno);
        assert.match(
          e.message,
          /^tcp-connect: host not found\n {2}hostname: no-such-host.invalid\n {2}port number: 80\n {2}system error: .*; gai_err=-\d+$/,
        );
        assert.equal(e.errno[1], 'gai');
      },
    );
    const [listener, port] = await listenLoopback();
    await assertRejectsExn(
      tcpConnect('127.0.0.1', port, 'no-such-host.invalid', 5000),
      ExnFailNetworkErrno,
      /^tcp-connect: local host not found\n {2}hostname: no-such-host.invalid\n {2}port number: 5000\n/,
    );
    tcpClose(listener);
  });

  it('binds the local address and port when given', async () => {
    const [listener, port] = await listenLoopback();
    const localPort = await freePort();
    const [ci] = await tcpConnect('127.0.0.1', port, '127.0.0.1', localPort);
    assert.deepEqual(tcpAddresses(ci, true), ['127.0.0.1', localPort, '127.0.0.1', port]);
    const [si] = await tcpAccept(listener);
    assert.deepEqual(tcpAddresses(si, true), ['127.0.0.1', port, '127.0.0.1', localPort]);
    // A local port alone: the address is chosen automatically.
    const localPort2 = await freePort();
    const [ci2] = await tcpConnect('127.0.0.1', port, false, localPort2);
    assert.equal(tcpAddresses(ci2, true)[1], localPort2);
    tcpClose(listener);
  });

  it('tries each address of the host in order (localhost, ::1 listener)', async () => {
    // "localhost" may resolve to 127.0.0.1 only, or to both; a ::1-only listener then
    // either gets the connection (::1 tried) or the error is the last address's refusal.
    const [listener, port] = await listenLoopback('127.0.0.1');
    const [ci, co] = await tcpConnect('localhost', port);
    assert.equal(ci.name, 'localhost');
    assert.ok(isTcpPort(ci) && isTcpPort(co));
    tcpClose(listener);
  });

  it('connected ports: local and remote addresses mirror the accepted ones (IPv6 too)', async () => {
    const [listener, port] = await listenLoopback('::1');
    const [ci] = await tcpConnect('::1', port);
    const [si] = await tcpAccept(listener);
    const [cl, clp, cr, crp] = tcpAddresses(ci, true);
    const [sl, slp, sr, srp] = tcpAddresses(si, true);
    assert.deepEqual([cl, cr, sl, sr], ['::1', '::1', '::1', '::1']);
    assert.equal(clp, srp);
    assert.equal(crp, slp);
    assert.equal(crp, port);
    tcpClose(listener);
  });

  it('under a shut-down custodian it fails before connecting', async () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    await parameterize(currentCustodian, c, () =>
      assertRejectsExn(
        tcpConnect('127.0.0.1', 1),
        ExnFail,
        'tcp-connect: the current custodian has been shut down',
      ),
    );
  });

  it('a break during tcpConnectEnableBreak raises ExnBreak and leaves no connection open', async () => {
    const { server, port, ends } = await rawServer();
    for (let turns = 0; turns < 6; turns++) {
      let outcome: unknown = 'none';
      const t = thread(async () => {
        try {
          outcome = await tcpConnectEnableBreak('127.0.0.1', port);
        } catch (e) {
          outcome = e;
        }
      });
      for (let i = 0; i < turns; i++) await flush();
      breakThread(t);
      await pause(20);
      // Either the connect won the race (ports, no break) or it was broken (and destroyed).
      if (Array.isArray(outcome)) {
        assert.ok(isTcpPort(outcome[0]));
      } else assert.ok(outcome instanceof ExnBreak, String(outcome));
    }
    // With breaks disabled around the call, the break waits: ports, never both.
    let outcome: unknown;
    const t = thread(() =>
      parameterizeBreak(false, async () => {
        outcome = await tcpConnect('127.0.0.1', port);
      }),
    );
    breakThread(t);
    await pause(50);
    assert.ok(Array.isArray(outcome));
    await pause(50);
    assert.ok(ends.length >= 1);
    server.close();
  });

  it('a kill or a custodian shutdown during connect leaves no socket behind', async () => {
    const { server, port, ends } = await rawServer();
    for (let turns = 0; turns < 4; turns++) {
      const c = makeCustodian();
      const t = parameterize(currentCustodian, c, () =>
        thread(async () => {
          await tcpConnect('127.0.0.1', port);
        }),
      );
      for (let i = 0; i < turns; i++) await flush();
      if (turns % 2 === 0) killThread(t);
      else custodianShutdownAll(c);
      await pause(20);
      assert.ok(isThreadDead(t));
      custodianShutdownAll(c);
    }
    await pause(50);
    // Every connection the server saw (if the connect got that far) has ended.
    const seen = await Promise.all(ends);
    for (const end of seen) assert.ok(['eof', 'closed', 'error:ECONNRESET'].includes(end), end);
    server.close();
  });
});

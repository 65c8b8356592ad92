/**
 * The two kinds of socket under TCP ports (see `tcp-socket.ts`): racket-net's own, reading into
 * the shared buffer, and Node's, which accepted connections are when Node's server hook is
 * missing. The ports over either behave the same.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { currentCustodian } from '../custodian/custodian.js';
import { closeInputPort, closeOutputPort, isPortClosed } from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import { portToBytes } from '../port/port-lib.js';
import { readBytes, readLine } from '../port/read.js';
import { flushOutput, writeString } from '../port/write.js';
import { pause } from '../test-support/async.js';
import { text } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { connectedPair } from '../test-support/tcp.js';
import { isTcpPort, tcpAddresses, tcpClose, tcpConnect } from './index.js';
import { connectionOf, makeTcpPorts } from './tcp-ports.js';
import { acceptTcpSockets, TcpSocket } from './tcp-socket.js';

useTestCustodian(after);

describe("racket-net's sockets", () => {
  it("reads go through the shared read buffer on both ends, and no connection sees another's bytes", async () => {
    const one = await connectedPair();
    const two = await connectedPair();
    for (const port of [one.ci, one.si, two.ci, two.si]) {
      assert.ok(connectionOf(port)!.socket instanceof TcpSocket, 'onread is in use');
    }
    // Nobody reads yet: each port keeps its own copy of what the shared buffer held.
    await writeString('first for one', one.co);
    await flushOutput(one.co);
    await writeString('then two', two.co);
    await flushOutput(two.co);
    await pause(30);
    // A reader waiting for more than one read brings takes part of the bytes straight from it.
    const waiting = readBytes(12, one.ci);
    await writeString('0123456789ab-rest', one.so);
    await flushOutput(one.so);
    assert.equal(text(await readBytes(13, one.si)), 'first for one');
    assert.equal(text(await readBytes(8, two.si)), 'then two');
    assert.equal(text(await waiting), '0123456789ab');
    assert.equal(text(await readBytes(5, one.ci)), '-rest');
    tcpClose(one.listener);
    tcpClose(two.listener);
  });
});

describe("Node's own sockets (a server without the hook)", () => {
  it('make the same ports: bytes both ways, half-close, addresses, the end of the socket', async () => {
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
    const accepted: net.Socket[] = [];
    // Before it listens a server has no handle to hook: its sockets come from 'connection'.
    acceptTcpSockets(server, (socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    // Sent before the server side has ports: it waits, paused.
    await writeString('ping\n', co);
    await flushOutput(co);
    while (accepted.length === 0) await pause(5);
    const socket = accepted[0]!;
    assert.ok(!(socket instanceof TcpSocket));
    const [si, so] = makeTcpPorts('test', socket, 'tcp-accepted', currentCustodian());
    assert.ok(isTcpPort(si) && isTcpPort(so));
    assert.equal(connectionOf(si)!.socket, socket);

    assert.equal(await readLine(si), 'ping');
    const [local, localPort, remote, remotePort] = tcpAddresses(co, true);
    assert.deepEqual(tcpAddresses(si, true), [remote, remotePort, local, localPort]);
    await writeString('pong', so);
    await closeOutputPort(so);
    assert.equal(text(await portToBytes(ci)), 'pong');
    closeInputPort(ci);
    await closeOutputPort(co);
    assert.ok(isEofObject(await readBytes(1, si)));
    // Closed both ways by the peer: the addresses are those read while it was open.
    assert.deepEqual(tcpAddresses(si, true), [remote, remotePort, local, localPort]);
    closeInputPort(si);
    assert.ok(isPortClosed(si));
    // Both ports closed: the socket ends.
    for (let i = 0; i < 100 && !socket.destroyed; i++) await pause(5);
    assert.ok(socket.destroyed);
    server.close();
  });
});

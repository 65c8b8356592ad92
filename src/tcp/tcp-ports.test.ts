import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { ExnFailNetwork, ExnFailNetworkErrno } from '../exn/exn.js';
import { type InputPort } from '../port/input-port.js';
import { sync, syncTimeout } from '../evt/sync.js';
import { isEofObject } from '../port/eof.js';
import {
  closeInputPort,
  closeOutputPort,
  fileStreamBufferMode,
  isPortClosed,
} from '../port/any-port.js';
import { portToBytes } from '../port/port-lib.js';
import { isByteReady, readBytes, readBytesAvail, readLine } from '../port/read.js';
import { flushOutput, writeBytes, writeString } from '../port/write.js';
import { makePipe } from '../port/pipe.js';
import {
  assertContractErrors,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { pause } from '../test-support/async.js';
import { text } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { connectedPair, listenLoopback } from '../test-support/tcp.js';
import {
  isTcpPort,
  tcpAbandonPort,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
} from './index.js';
import { connectionOf } from './tcp-ports.js';

useTestCustodian(after);

/** Each call with a bad argument, and the message Racket raises for it. */
const contractCases = (tcpIn: InputPort, pipeIn: InputPort): ContractCase[] => [
  [
    () => tcpAbandonPort(pipeIn),
    contractMessage('tcp-abandon-port', 'tcp-port?', '#<input-port:pipe>'),
    'rejects',
  ],
  [
    () => fileStreamBufferMode(tcpIn, 'line'),
    "file-stream-buffer-mode: 'line buffering not supported for an input port\n  port: #<input-port:127.0.0.1>",
  ],
];

describe('TCP ports', () => {
  it('are block-buffered: nothing reaches the peer until a flush, a full buffer or a close', async () => {
    const { ci, co, si, so, listener } = await connectedPair();
    assert.equal(fileStreamBufferMode(co), 'block');
    assert.equal(fileStreamBufferMode(ci), 'block');
    await writeString('buffered', co);
    await pause(30);
    assert.equal(isByteReady(si), false);
    await flushOutput(co);
    assert.equal(text(await readBytes(8, si)), 'buffered');
    // 4096 bytes fill the buffer: they go out without a flush.
    await writeBytes(new Uint8Array(4096).fill(65), co);
    assert.equal(((await readBytes(4096, si)) as Uint8Array).length, 4096);
    // A close flushes.
    await writeString('last', so);
    await pause(30);
    assert.equal(isByteReady(ci), false);
    await closeOutputPort(so);
    assert.equal(text(await portToBytes(ci)), 'last');
    tcpClose(listener);
  });

  it("'none' and 'line' modes write through; input accepts 'none' but not 'line'", async () => {
    const { ci, co, si, listener } = await connectedPair();
    fileStreamBufferMode(co, 'none');
    assert.equal(fileStreamBufferMode(co), 'none');
    await writeString('x', co);
    assert.equal(text(await readBytes(1, si)), 'x');
    fileStreamBufferMode(co, 'line');
    await writeString('line\n', co);
    assert.equal(await readLine(si), 'line');
    await writeString('rest', co);
    await pause(20);
    assert.equal(isByteReady(si), false);
    fileStreamBufferMode(co, 'block');
    fileStreamBufferMode(ci, 'none');
    assert.equal(fileStreamBufferMode(ci), 'none');
    tcpClose(listener);
  });

  it('half-close: closeOutputPort sends EOF while the input stays open, both ways', async () => {
    const { ci, co, si, so, listener } = await connectedPair();
    await writeString('request', co);
    await closeOutputPort(co);
    assert.ok(isPortClosed(co) && !isPortClosed(ci));
    assert.equal(text(await portToBytes(si)), 'request');
    assert.ok(isEofObject(await readBytes(1, si)));
    await writeString('response', so);
    await closeOutputPort(so);
    assert.equal(text(await portToBytes(ci)), 'response');
    closeInputPort(ci);
    closeInputPort(si);
    tcpClose(listener);
  });

  it('closing the input port keeps the output working', async () => {
    const { ci, co, si, so, listener } = await connectedPair();
    closeInputPort(ci);
    await writeString('late', so);
    await flushOutput(so);
    await writeString('still writing', co);
    await closeOutputPort(co);
    assert.equal(text(await portToBytes(si)), 'still writing');
    await closeOutputPort(so);
    tcpClose(listener);
  });

  it('tcpAbandonPort: no FIN until the input port is closed too', async () => {
    const { ci, co, si, listener } = await connectedPair();
    await writeString('flushed by abandon', co);
    await tcpAbandonPort(co);
    assert.ok(isPortClosed(co));
    assert.equal(text(await readBytes(18, si)), 'flushed by abandon');
    // No EOF yet.
    assert.equal(await syncTimeout(0.1, si), false);
    closeInputPort(ci);
    assert.ok(isEofObject(await readBytes(1, si)));
    tcpClose(listener);
  });

  it('tcpAbandonPort on an input port is closeInputPort', async () => {
    const { ci, co, si, listener } = await connectedPair();
    await tcpAbandonPort(ci);
    assert.ok(isPortClosed(ci));
    await writeString('after', co);
    await closeOutputPort(co);
    assert.equal(text(await portToBytes(si)), 'after');
    tcpClose(listener);
  });

  it('check their arguments as Racket does', async () => {
    const { ci, listener } = await connectedPair();
    const [pin] = makePipe();
    await assertContractErrors(contractCases(ci, pin));
    assert.equal(isTcpPort(pin), false);
    tcpClose(listener);
  });

  it('tcpAddresses on a closed port raises ExnFailNetwork', async () => {
    const { ci, co, listener } = await connectedPair();
    closeInputPort(ci);
    assertThrowsExn(
      () => tcpAddresses(ci),
      ExnFailNetwork,
      'tcp-addresses: port is closed\n  port: #<input-port:127.0.0.1>',
    );
    assert.equal(tcpAddresses(co)[0], '127.0.0.1');
    await closeOutputPort(co);
    assertThrowsExn(
      () => tcpAddresses(co, true),
      ExnFailNetwork,
      /^tcp-addresses: port is closed\n {2}port: #<output-port:127.0.0.1>$/,
    );
    tcpClose(listener);
  });

  it('a peer that resets: reads raise "error reading from stream port", then EOF; writes raise', async () => {
    const [listener, port] = await listenLoopback();
    const raw = net.connect({ port, host: '127.0.0.1' });
    raw.on('error', () => {});
    await new Promise((r) => raw.once('connect', r));
    const rawPort = raw.localPort;
    const [si, so] = await tcpAccept(listener);
    assert.deepEqual(tcpAddresses(si, true), ['127.0.0.1', port, '127.0.0.1', rawPort]);
    raw.resetAndDestroy();
    await pause(50);
    await readBytes(1, si).then(
      (v) => assert.ok(isEofObject(v)),
      (e: unknown) => {
        assert.ok(e instanceof ExnFailNetworkErrno);
        assert.equal(
          e.message,
          'error reading from stream port\n  system error: Connection reset by peer; errno=104',
        );
        assert.deepEqual(e.errno, [104, 'posix']);
      },
    );
    assert.ok(isEofObject(await readBytes(1, si)));
    // The socket is gone, the ports are open: as in Racket, the kernel no longer knows the peer.
    assert.ok(connectionOf(si)!.socket.destroyed);
    for (const portNumbers of [true, false]) {
      assertThrowsExn(
        () => tcpAddresses(si, portNumbers),
        ExnFailNetworkErrno,
        'tcp-addresses: could not get peer address\n  system error: Transport endpoint is not connected; errno=107',
      );
    }
    let failure: unknown = null;
    for (let i = 0; i < 20 && failure === null; i++) {
      try {
        await writeString('into the void', so);
        await flushOutput(so);
        await pause(10);
      } catch (e) {
        failure = e;
      }
    }
    assert.ok(failure instanceof ExnFailNetwork, String(failure));
    assert.match(
      (failure as Error).message,
      /^error writing to stream port\n {2}system error: .*; errno=\d+$/,
    );
    tcpClose(listener);
  });

  it('writing to a peer that closed completely eventually raises ExnFailNetwork', async () => {
    const { co, si, so, listener } = await connectedPair();
    closeInputPort(si);
    await closeOutputPort(so);
    let failure: unknown = null;
    for (let i = 0; i < 50 && failure === null; i++) {
      try {
        await writeString('data ', co);
        await flushOutput(co);
        await pause(10);
      } catch (e) {
        failure = e;
      }
    }
    assert.ok(failure instanceof ExnFailNetworkErrno, String(failure));
    tcpClose(listener);
  });

  it('the input port is an evt ready with data; a multi-megabyte transfer arrives byte for byte', async () => {
    const { ci, co, si, so, listener } = await connectedPair();
    const data = randomBytes(8 * 1024 * 1024 + 123);
    const writing = (async () => {
      for (let at = 0; at < data.length; at += 100_000) {
        await writeBytes(data, co, at, Math.min(data.length, at + 100_000));
      }
      await closeOutputPort(co);
    })();
    assert.equal(await sync(si), si);
    const received = await portToBytes(si);
    await writing;
    assert.equal(received.length, data.length);
    assert.ok(Buffer.from(received).equals(data));
    // And back, through readBytesAvail in small pieces.
    await writeBytes(data.subarray(0, 100_000), so);
    await closeOutputPort(so);
    const buf = new Uint8Array(777);
    let total = 0;
    for (;;) {
      const n = await readBytesAvail(buf, ci);
      if (isEofObject(n)) break;
      assert.ok(Buffer.from(buf.subarray(0, n)).equals(data.subarray(total, total + n)));
      total += n;
    }
    assert.equal(total, 100_000);
    tcpClose(listener);
  });

  it('two hundred concurrent connections each echo their own bytes', async () => {
    const N = 200;
    const [listener, port] = await listenLoopback('127.0.0.1', N);
    const server = (async () => {
      const echoes: Promise<void>[] = [];
      for (let i = 0; i < N; i++) {
        const [si, so] = await tcpAccept(listener);
        echoes.push(
          (async () => {
            const line = await readLine(si);
            await writeString(`${String(line)}!\n`, so);
            await closeOutputPort(so);
            closeInputPort(si);
          })(),
        );
      }
      await Promise.all(echoes);
    })();
    const clients = Array.from({ length: N }, async (_, i) => {
      const [ci, co] = await tcpConnect('127.0.0.1', port);
      await writeString(`client ${i}\n`, co);
      await closeOutputPort(co);
      const reply = await readLine(ci);
      closeInputPort(ci);
      return reply;
    });
    const replies = await Promise.all(clients);
    await server;
    replies.forEach((r, i) => assert.equal(r, `client ${i}!`));
    tcpClose(listener);
  });
});

/**
 * The output side of TCP ports (`tcp-output.ts`): TCP_NODELAY following the buffer mode, and
 * the bytes that go out being the bytes written, whatever the port's buffers and Node hold.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeInputPort, closeOutputPort, fileStreamBufferMode } from '../port/any-port.js';
import { portToBytes } from '../port/port-lib.js';
import { readBytes } from '../port/read.js';
import { flushOutput, writeBytes, writeString } from '../port/write.js';
import { pause } from '../test-support/async.js';
import { text } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { connectedPair, listenLoopback } from '../test-support/tcp.js';
import { tcpAbandonPort, tcpAccept, tcpClose, tcpConnect } from './index.js';
import { connectionOf } from './tcp-ports.js';

useTestCustodian(after);

describe('TCP output ports', () => {
  it('TCP_NODELAY follows the buffer mode (on exactly in block mode), set before bytes go out', async () => {
    const { co, si, listener } = await connectedPair();
    const socket = connectionOf(co)!.socket;
    const calls: boolean[] = [];
    const original = socket.setNoDelay.bind(socket);
    socket.setNoDelay = (on?: boolean) => {
      calls.push(on ?? true);
      return original(on);
    };
    const send = async (text: string): Promise<void> => {
      await writeString(text, co);
      await flushOutput(co);
    };
    await send('a');
    assert.deepEqual(calls, [true], 'block mode: on, at the first write');
    fileStreamBufferMode(co, 'none');
    assert.deepEqual(calls, [true], 'a connection that does not write needs no change');
    await send('b');
    fileStreamBufferMode(co, 'line');
    await send('c\n');
    assert.deepEqual(calls, [true, false]);
    fileStreamBufferMode(co, 'block');
    await send('d');
    assert.deepEqual(calls, [true, false, true]);
    assert.equal(text(await readBytes(5, si)), 'abc\nd');
    tcpClose(listener);
  });

  it('TCP_NODELAY is left alone for the last bytes before a FIN, not before an abandon', async () => {
    const { co, si, so, ci, listener } = await connectedPair();
    const calls: boolean[] = [];
    for (const port of [co, so]) {
      const socket = connectionOf(port)!.socket;
      const original = socket.setNoDelay.bind(socket);
      socket.setNoDelay = (on?: boolean) => {
        calls.push(on ?? true);
        return original(on);
      };
    }
    // Written and closed: the FIN sends the bytes at once, whatever the option says.
    await writeString('request', co);
    await closeOutputPort(co);
    assert.deepEqual(calls, []);
    assert.equal(text(await portToBytes(si)), 'request');
    // Abandoned while the input is open: no FIN follows, so the option is set as usual.
    await writeString('reply', so);
    await tcpAbandonPort(so);
    assert.deepEqual(calls, [true]);
    assert.equal(text(await readBytes(5, ci)), 'reply');
    closeInputPort(ci);
    closeInputPort(si);
    tcpClose(listener);
  });

  it('buffers of closed ports serve new ones: each connection still sends its own bytes', async () => {
    const [listener, port] = await listenLoopback();
    const pattern = (k: number, n: number): Uint8Array => new Uint8Array(n).fill(65 + k);
    const pairs = [];
    for (let k = 0; k < 12; k++) {
      const [[ci, co], [si, so]] = await Promise.all([
        tcpConnect('127.0.0.1', port),
        tcpAccept(listener),
      ]);
      pairs.push({ ci, co, si, so });
      // Buffered, not yet flushed; every other connection closes (and gives its buffer back)
      // before the next one writes, the others stay open with bytes in their buffers.
      await writeBytes(pattern(k, 3000 + k), co);
      if (k % 2 === 0) await closeOutputPort(co);
    }
    for (const [k, { ci, co, si, so }] of pairs.entries()) {
      if (k % 2 === 1) await closeOutputPort(co);
      assert.deepEqual(await portToBytes(si), pattern(k, 3000 + k), `connection ${String(k)}`);
      closeInputPort(ci);
      closeInputPort(si);
      await closeOutputPort(so);
    }
    tcpClose(listener);
  });

  it('the bytes sent are the bytes written, though the caller reuses its Buffer after each write', async () => {
    const { ci, co, si, listener } = await connectedPair();
    fileStreamBufferMode(co, 'none');
    // Enough that the kernel's buffers fill and Node holds on to later writes.
    const reused = Buffer.alloc(500_000, 1);
    const sent: Uint8Array[] = [];
    // A slow reader: Node has to hold writes while it waits.
    const received = pause(50).then(() => portToBytes(si));
    for (let i = 1; i <= 40; i++) {
      reused.fill(i);
      sent.push(Uint8Array.from(reused));
      await writeBytes(reused, co);
    }
    reused.fill(0);
    await closeOutputPort(co);
    const got = (await received) as Uint8Array;
    assert.equal(got.length, 20_000_000);
    for (let i = 0; i < 40; i++) {
      assert.ok(
        Buffer.from(sent[i]!).equals(got.subarray(i * 500_000, (i + 1) * 500_000)),
        `write ${i}`,
      );
    }
    closeInputPort(ci);
    tcpClose(listener);
  });

  it('small buffered writes and flushes keep every byte in order while Node holds some', async () => {
    const { ci, co, si, listener } = await connectedPair();
    // A slow reader, so that some flushes of the port's buffer are still queued in Node.
    const received = pause(50).then(() => portToBytes(si));
    const expected: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) {
      const piece = Buffer.from(`${i.toString(36)}:${'x'.repeat(i % 700)};`);
      expected.push(piece);
      await writeBytes(piece, co);
      if (i % 7 === 0) await flushOutput(co);
    }
    await closeOutputPort(co);
    const got = Buffer.from((await received) as Uint8Array);
    assert.ok(got.equals(Buffer.concat(expected)), 'every byte, in order');
    closeInputPort(ci);
    tcpClose(listener);
  });
});

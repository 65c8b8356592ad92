import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type OutputSink,
  type OutputBufferMode,
  ExnFail,
  InputPort,
  OutputPort,
  closeOutputPort,
  custodianShutdownAll,
  eof,
  fileStreamBufferMode,
  flushOutput,
  isPortClosed,
  makeCustodian,
  makePipe,
  newline,
  portToBytes,
  portToString,
  readBytes,
  readBytesAvailNowait,
  readString,
  writeByte,
  writeBytes,
  writeBytesAvail,
  writeBytesAvailNowait,
  writeChar,
  writeString,
  copyPort,
  readLine,
  breakThread,
  isExnBreak,
  killThread,
  thread,
  threadWait,
} from '../index.js';
import { managePorts } from './manage.js';
import { flush, isPending } from '../test-support/async.js';
import { bytes, text } from '../test-support/bytes.js';
import {
  assertContractErrors,
  assertRejectsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** A sink that records what reaches it; `room` is unlimited unless set. */
class TestSink implements OutputSink {
  chunks: Uint8Array[] = [];
  available = Infinity;
  ended = false;
  closed = false;
  modes: OutputBufferMode[] = [];
  port!: OutputPort;
  room(): number {
    return this.available;
  }
  write(chunk: Uint8Array): void {
    assert.ok(chunk.length <= this.available, 'the port never writes more than room()');
    this.chunks.push(chunk);
    this.available -= chunk.length;
  }
  end(): void {
    this.ended = true;
  }
  abort(): void {
    this.closed = true;
  }
  bufferModeChanged(mode: OutputBufferMode): void {
    this.modes.push(mode);
  }
  get text(): string {
    return this.chunks.map((c) => text(c)).join('');
  }
  get size(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }
  /** Lets `n` more bytes in and tells the port. */
  grant(n: number): void {
    this.available = n;
    this.port.sinkReady();
  }
}

function sinkPort(mode: OutputBufferMode | false): [OutputPort, TestSink] {
  const sink = new TestSink();
  const port = new OutputPort('test', sink, mode);
  sink.port = port;
  return [port, sink];
}

/** A pipe for the contract cases, which must neither write to it nor give it a buffer. */
const [pipeIn, pipeOut] = makePipe();

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => writeByte(256, pipeOut), contractMessage('write-byte', 'byte?', '256'), 'rejects'],
  [() => writeChar('ab', pipeOut), contractMessage('write-char', 'char?', '"ab"'), 'rejects'],
  [
    () => writeBytes(bytes('a'), pipeOut, 0, 5),
    'write-bytes: ending index is out of range\n  ending index: 5\n  valid range: [0, 1]\n  byte string: #"a"',
    'rejects',
  ],
  [
    () => writeString('abc', pipeOut, 2, 1),
    'write-string: ending index is smaller than starting index\n  ending index: 1\n  starting index: 2\n  valid range: [0, 3]\n  byte string: "abc"',
    'rejects',
  ],
  [
    () => writeBytes(bytes('a'), {} as never),
    contractMessage('write-bytes', 'output-port?', '#<object>'),
    'rejects',
  ],
  [() => makePipe(0), contractMessage('make-pipe', '(or/c #f exact-positive-integer?)', '0')],
  [
    () => fileStreamBufferMode(pipeOut, 'none'),
    "file-stream-buffer-mode: buffering not supported for output port\n  mode: 'none\n  output port: #<output-port:pipe>",
  ],
  [
    () => fileStreamBufferMode(pipeIn, 'block'),
    "file-stream-buffer-mode: buffering not supported for input port\n  mode: 'block\n  input port: #<input-port:pipe>",
  ],
  [
    () => fileStreamBufferMode(pipeIn, 'line'),
    "file-stream-buffer-mode: 'line buffering not supported for an input port\n  port: #<input-port:pipe>",
  ],
  [
    () => fileStreamBufferMode(pipeOut, 'bad' as never),
    contractMessage('file-stream-buffer-mode', "(or/c 'none 'line 'block)", '"bad"'),
  ],
  [
    () => fileStreamBufferMode(5 as never),
    contractMessage('file-stream-buffer-mode', 'port?', '5'),
  ],
];

describe('writing to pipes', () => {
  it('writeBytes (with start/end), writeByte, writeChar, writeString, newline', async () => {
    const [i, o] = makePipe();
    assert.equal(await writeBytes(bytes('hello'), o), 5);
    assert.equal(await writeBytes(bytes('0123456789'), o, 2, 5), 3);
    assert.equal(await writeBytes(bytes('0123456789'), o, 8), 2);
    assert.equal(await writeByte(33, o), undefined);
    assert.equal(await writeChar('λ', o), undefined);
    assert.equal(await writeChar('😀', o), undefined);
    assert.equal(await writeString('añb', o), 3);
    assert.equal(await writeString('0123456789', o, 7), 3);
    assert.equal(await writeString('0123456789', o, 1, 3), 2);
    assert.equal(await newline(o), undefined);
    assert.equal(await flushOutput(o), undefined);
    await closeOutputPort(o);
    assert.equal(await portToString(i), 'hello23489!λ😀añb78912\n');
  });

  it('rejects bad arguments with Racket’s messages', () => assertContractErrors(CONTRACT_CASES));

  it('a limited pipe makes writers wait; writeBytesAvailNowait writes part or 0', async () => {
    const [i, o] = makePipe(3);
    assert.equal(writeBytesAvailNowait(bytes('abcde'), o), 3);
    assert.equal(writeBytesAvailNowait(bytes('abcde'), o), 0);
    assert.equal(writeBytesAvailNowait(bytes(''), o), 0);
    const w = writeBytes(bytes('XYZW'), o);
    assert.ok(await isPending(w));
    assert.equal(text(await readBytes(2, i)), 'ab');
    assert.ok(await isPending(w));
    assert.equal(i.bufferedBytes, 3, 'the writer fills the pipe to its limit, no more');
    const all = readBytes(5, i);
    assert.equal(await w, 4);
    assert.equal(text(await all), 'cXYZW');
    // writeBytesAvail waits for room, then writes what fits.
    assert.equal(await writeBytesAvail(bytes('12345'), o, 1), 3);
    const p = writeBytesAvail(bytes('67'), o);
    assert.ok(await isPending(p));
    assert.equal(text(await readBytes(1, i)), '2');
    assert.equal(await p, 1);
    assert.equal(await writeBytesAvail(bytes('zz'), o, 1, 1), 0);
    assert.equal(text(await readBytes(3, i)), '346');
  });

  it('writes that are not awaited keep their order (1000 writes into a limited pipe)', async () => {
    const [i, o] = makePipe(100);
    const pending: Promise<unknown>[] = [];
    let expected = '';
    for (let k = 0; k < 1000; k++) {
      const s = `${k},`;
      expected += s + (k % 7 === 0 ? 'Z\n' : '');
      pending.push(k % 2 === 0 ? writeString(s, o) : writeBytes(bytes(s), o));
      if (k % 7 === 0) {
        pending.push(writeByte(90, o));
        pending.push(newline(o));
      }
    }
    pending.push(closeOutputPort(o));
    assert.ok(isPortClosed(o));
    assert.equal(await portToString(i), expected);
    await Promise.all(pending);
  });

  it('writing to a pipe whose input side is closed discards the bytes, as Racket does', async () => {
    const [i, o] = makePipe(2);
    i.close();
    assert.equal(writeBytesAvailNowait(bytes('abcde'), o), 5);
    assert.equal(await writeBytes(bytes('abcde'), o), 5);
  });

  it('a writer waiting on a full pipe goes on when the reader closes its side', async () => {
    const [i, o] = makePipe(2);
    const w = writeBytes(bytes('abcdef'), o);
    assert.ok(await isPending(w));
    i.close();
    assert.equal(await w, 6);
  });

  it('fileStreamBufferMode: pipes have none', () => {
    const [i, o] = makePipe();
    assert.equal(fileStreamBufferMode(i), false);
    assert.equal(fileStreamBufferMode(o), false);
  });

  it('portToBytes, portToString and copyPort', async () => {
    const [i, o] = makePipe(7);
    const [i2, o2] = makePipe();
    const [i3, o3] = makePipe();
    const big = new Uint8Array(200_000).map((_, k) => k % 251);
    const copy = copyPort(i, o2, o3);
    const w = writeBytes(big, o).then(() => closeOutputPort(o));
    await copy;
    await w;
    await closeOutputPort(o2);
    await closeOutputPort(o3);
    assert.deepEqual(await portToBytes(i2), big);
    assert.deepEqual(await portToBytes(i3), big);
    assert.deepEqual(await portToBytes(i3), new Uint8Array(0));
    const [i4, o4] = makePipe();
    const s = portToString(i4);
    for (const byte of Buffer.from('x€y', 'utf8')) await writeByte(byte, o4);
    await writeByte(0xff, o4);
    await closeOutputPort(o4);
    assert.equal(await s, 'x€y\ufffd');
  });

  it('portToBytes does not hold a large buffer per small read', async () => {
    const [i, o] = makePipe();
    const all = portToBytes(i);
    for (let k = 0; k < 2000; k++) {
      await writeByte(k & 255, o);
      await flush();
    }
    const before = process.memoryUsage().arrayBuffers;
    await closeOutputPort(o);
    const bytes = await all;
    assert.equal(bytes.length, 2000);
    // 2000 reads of 64 KiB each would be 128 MiB.
    assert.ok(before < 64 * 1024 * 1024, `arrayBuffers ${before}`);
  });
});

describe('output ports over a sink: buffer modes and backpressure', () => {
  it('block mode keeps 4096 bytes until a flush, a full buffer or a close', async () => {
    const [o, sink] = sinkPort('block');
    assert.equal(fileStreamBufferMode(o), 'block');
    await writeBytes(new Uint8Array(4095).fill(97), o);
    await writeString('\n', o);
    assert.equal(sink.size, 4096, 'a full buffer goes out');
    await writeString('abc\n', o);
    assert.equal(sink.size, 4096, 'a newline does not flush in block mode');
    assert.equal(o.bufferedBytes, 4);
    await flushOutput(o);
    assert.equal(sink.size, 4100);
    await writeString('xyz', o);
    await writeBytes(new Uint8Array(5000), o);
    assert.equal(sink.size, 9103, 'a write that does not fit flushes, then goes straight out');
    assert.equal(o.bufferedBytes, 0);
    await writeString('tail', o);
    assert.equal(sink.size, 9103);
    const closing = closeOutputPort(o);
    assert.ok(isPortClosed(o));
    await closing;
    assert.equal(sink.size, 9107);
    assert.ok(sink.text.endsWith('xyz' + '\0'.repeat(5000) + 'tail'));
    assert.ok(sink.ended);
    assert.equal(sink.closed, false);
  });

  it('writeString encodes into the buffer up to its last byte, and past it whole', async () => {
    const [o, sink] = sinkPort('block');
    await writeBytes(new Uint8Array(4090).fill(97), o);
    // 6 bytes of room: "€€" (6 bytes) fits exactly although 3 bytes a code unit would not.
    assert.equal(await writeString('€€', o), 2);
    assert.equal(sink.size, 4096, 'the full buffer went out');
    assert.equal(Buffer.from(sink.chunks[0]!.subarray(4090)).toString(), '€€');
    await writeString('ab', o);
    // 4094 bytes of room: this needs 4095 (a lone surrogate is U+FFFD, 3 bytes).
    assert.equal(await writeString('é'.repeat(2046) + '\ud800', o), 2047);
    await flushOutput(o);
    const all = Buffer.concat(sink.chunks).subarray(4096);
    assert.equal(all.toString(), 'ab' + 'é'.repeat(2046) + '\ufffd');
    // A sink without room: the write that fills the buffer waits for the flush, in order.
    const [p, full] = sinkPort('block');
    full.available = 0;
    await writeBytes(new Uint8Array(4093).fill(98), p);
    const filling = writeString('xyz', p);
    const after = writeString('!', p);
    assert.ok(await isPending(filling), 'a full buffer that cannot go out holds the write');
    full.grant(Infinity);
    assert.equal(await filling, 3);
    assert.equal(await after, 1);
    await flushOutput(p);
    assert.equal(full.text.slice(-4), 'xyz!');
  });

  it('writeString to a pipe: the reader gets the text written, whatever its size', async () => {
    const [i, o] = makePipe();
    const texts = ['short', 'ünï€ode 😀', 'x'.repeat(10000), 'ab'.repeat(3000) + '€'];
    for (const t of texts) assert.equal(await writeString(t, o), t.length);
    await closeOutputPort(o);
    assert.equal(await portToString(i), texts.join(''));
  });

  it('line mode flushes at a newline; none writes through', async () => {
    const [o, sink] = sinkPort('line');
    await writeString('abc', o);
    assert.equal(sink.text, '');
    await writeString('def\nghi', o);
    assert.equal(sink.text, 'abcdef\nghi');
    await writeString('jk', o);
    assert.equal(sink.text, 'abcdef\nghi');
    await newline(o);
    assert.equal(sink.text, 'abcdef\nghijk\n');
    // A carriage return flushes too, as in Racket CS (checked against it: "abc\r" reaches a
    // TCP peer at once in line mode, "def" after it does not).
    await writeString('abc\r', o);
    assert.equal(sink.text, 'abcdef\nghijk\nabc\r');
    await writeString('def', o);
    assert.equal(sink.text, 'abcdef\nghijk\nabc\r');
    await newline(o);
    assert.equal(sink.text, 'abcdef\nghijk\nabc\rdef\n');
    fileStreamBufferMode(o, 'block');
    await writeString('x\n', o);
    assert.equal(sink.text, 'abcdef\nghijk\nabc\rdef\n');
    fileStreamBufferMode(o, 'none');
    assert.equal(sink.text, 'abcdef\nghijk\nabc\rdef\nx\n', 'switching to none flushes');
    await writeString('y', o);
    await writeByte(122, o);
    assert.equal(sink.text, 'abcdef\nghijk\nabc\rdef\nx\nyz');
    assert.equal(fileStreamBufferMode(o), 'none');
    assert.deepEqual(sink.modes, ['block', 'none']);
  });

  it('a write queued behind a waiting one is a wait that breaks and kills end', async () => {
    const [o, sink] = sinkPort('none');
    sink.available = 0;
    const first = thread(async () => {
      await writeString('first', o);
    });
    await isPending(threadWait(first));
    // Queued behind `first` (which waits for the sink): a break ends it, and it writes nothing.
    let broken: unknown = null;
    const second = thread(async () => {
      try {
        await writeString('second', o);
      } catch (error) {
        broken = error;
      }
    });
    // Queued too, then killed while it waits its turn: the queue goes on without it.
    const third = thread(async () => {
      await writeString('third', o);
    });
    await isPending(threadWait(third));
    breakThread(second);
    killThread(third);
    await threadWait(second);
    assert.ok(isExnBreak(broken), 'the queued write was broken');
    assert.equal(o.isIdle, false, 'the first write still holds the port');
    sink.grant(Infinity);
    await threadWait(first);
    await writeString('fourth', o);
    assert.equal(sink.text, 'firstfourth');
    assert.equal(o.isIdle, true);
  });

  it('a write waiting for the sink is a wait that a kill ends, letting the next one go', async () => {
    const [o, sink] = sinkPort('none');
    sink.available = 0;
    const stuck = thread(async () => {
      await writeString('lost', o);
      assert.fail('a killed thread does not resume');
    });
    await isPending(threadWait(stuck));
    const next = writeString('next', o);
    assert.ok(await isPending(next));
    killThread(stuck);
    sink.grant(Infinity);
    assert.equal(await next, 4);
    assert.equal(sink.text, 'next');
  });

  it('a sink without room makes writes wait, without copying them into unbounded buffers', async () => {
    const [o, sink] = sinkPort('block');
    sink.available = 0;
    const chunk = new Uint8Array(10_000).fill(1);
    const writes: Promise<number>[] = [];
    for (let k = 0; k < 100; k++) writes.push(writeBytes(chunk, o));
    const flushed = flushOutput(o);
    assert.ok(await isPending(writes[0]!));
    assert.equal(sink.size, 0);
    assert.ok(o.bufferedBytes <= 4096);
    let total = 0;
    while (total < 1_000_000) {
      sink.grant(30_000);
      await flush();
      total = sink.size;
      assert.ok(o.bufferedBytes <= 4096);
    }
    await Promise.all(writes);
    await flushed;
    assert.equal(sink.size, 1_000_000);
  });

  it('flushOutput and closeOutputPort wait for the sink; close resolves after the flush', async () => {
    const [o, sink] = sinkPort('block');
    await writeString('hello', o);
    sink.available = 0;
    const f = flushOutput(o);
    assert.ok(await isPending(f));
    sink.grant(2);
    assert.ok(await isPending(f));
    assert.equal(sink.text, 'he');
    const c = closeOutputPort(o);
    assert.ok(isPortClosed(o));
    await assertRejectsExn(
      writeString('x', o),
      ExnFail,
      'write-string: output port is closed\n  output port: #<output-port:test>',
    );
    assert.ok(await isPending(c));
    assert.equal(sink.ended, false);
    sink.grant(100);
    await f;
    await c;
    assert.equal(sink.text, 'hello');
    assert.ok(sink.ended);
  });

  it('writeBytesAvailNowait flushes first; writeBytesAvail writes past the buffer', async () => {
    const [o, sink] = sinkPort('block');
    await writeString('abc', o);
    assert.equal(writeBytesAvailNowait(bytes('de'), o), 2);
    assert.equal(sink.text, 'abcde');
    await writeString('fg', o);
    sink.available = 1;
    assert.equal(writeBytesAvailNowait(bytes('hi'), o), false, 'buffered bytes that cannot go out');
    assert.equal(sink.text, 'abcdef');
    sink.available = 0;
    const p = writeBytesAvail(bytes('hi'), o);
    assert.ok(await isPending(p));
    sink.grant(1);
    assert.ok(await isPending(p), 'the buffer went out, nothing of the write yet');
    sink.grant(5);
    assert.equal(await p, 2);
    assert.equal(sink.text, 'abcdefghi');
    sink.available = 0;
    assert.equal(writeBytesAvailNowait(bytes('j'), o), 0, 'buffer empty, nothing more fits');
  });

  it('a custodian shutdown discards unflushed output and fails waiting writers', async () => {
    const c = makeCustodian();
    const [o, sink] = sinkPort('block');
    const input = new InputPort('test', { pause() {}, resume() {}, close() {} });
    managePorts('test', [input, o], c);
    await writeString('lost', o);
    sink.available = 0;
    const big = writeBytes(new Uint8Array(5000), o);
    assert.ok(await isPending(big));
    custodianShutdownAll(c);
    await assertRejectsExn(
      big,
      ExnFail,
      'write-bytes: output port is closed\n  output port: #<output-port:test>',
    );
    assert.ok(isPortClosed(o));
    assert.ok(isPortClosed(input));
    sink.grant(10_000);
    await flush();
    assert.equal(sink.size, 0);
    assert.ok(sink.closed);
    assert.equal(sink.ended, false);
    await closeOutputPort(o);
  });

  it('an input port pauses its source above highWater and resumes after reads', async () => {
    const events: string[] = [];
    const port = new InputPort(
      'src',
      {
        pause: () => events.push('pause'),
        resume: () => events.push('resume'),
        close: () => events.push('close'),
      },
      { highWater: 10 },
    );
    port.push(bytes('abcdef'));
    assert.deepEqual(events, []);
    port.push(bytes('ghijkl'));
    assert.deepEqual(events, ['pause']);
    assert.equal(text(await readBytes(4, port)), 'abcd');
    assert.deepEqual(events, ['pause', 'resume']);
    port.push(bytes('mnop'));
    assert.deepEqual(events, ['pause', 'resume', 'pause']);
    // A read that needs more than highWater at once keeps the source going.
    const r = readBytes(20, port);
    assert.ok(await isPending(r));
    assert.deepEqual(events, ['pause', 'resume', 'pause', 'resume']);
    port.push(bytes('qrstuvwxyz'));
    assert.equal(text(await r), 'efghijklmnopqrstuvwx');
    assert.equal(readBytesAvailNowait(new Uint8Array(5), port), 2);
    port.pushEof();
    assert.equal(await readLine(port), eof);
    port.close();
    assert.equal(events.at(-1), 'close');
    assert.equal(
      await readString(0, port).catch((e: Error) => e.message),
      'read-string: input port is closed\n  input port: #<input-port:src>',
    );
  });
});

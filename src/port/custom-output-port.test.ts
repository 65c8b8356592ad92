/**
 * makeOutputPort: Racket's write-out protocol (partial counts, `false` then the port's event,
 * events and promises, flushes), errors, and custom ports over real TCP connections.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import {
  alwaysEvt,
  eof,
  inputPortToNodeReadable,
  makeInputPort,
  neverEvt,
  outputPortToNodeWritable,
  portCountLines,
  portNextLocation,
  sleep,
  closeInputPort,
  closeOutputPort,
  copyPort,
  ExnFail,
  ExnFailContract,
  fileStreamBufferMode,
  flushOutput,
  isPortClosed,
  makeLimitedInputPort,
  makeOutputPort,
  makePipe,
  makeSemaphore,
  newline,
  portToString,
  readBytes,
  readLine,
  semaphorePost,
  sync,
  syncTimeout,
  wrapEvt,
  writeBytes,
  writeBytesAvail,
  writeBytesAvailEvt,
  writeBytesAvailNowait,
  writeString,
} from '../index.js';
import { bytes, text } from '../test-support/bytes.js';
import { assertRejectsExn, assertThrowsExn, contractMessage } from '../test-support/exn-assert.js';
import { connectedPair } from '../test-support/tcp.js';
import { tcpClose } from '../tcp/listener.js';

const T = { timeout: 5000 };

/** A port that takes at most `max` bytes a call, logging each call's bytes and flags. */
function fewAtATime(max: number) {
  const got: number[] = [];
  const calls: string[] = [];
  const port = makeOutputPort(
    'few',
    alwaysEvt,
    (bstr, start, end, nonBlock, enableBreak) => {
      calls.push(`${text(bstr, start, end)}:${nonBlock}:${enableBreak}`);
      const n = Math.min(max, end - start);
      got.push(...bstr.subarray(start, start + n));
      return n;
    },
    () => calls.push('close'),
  );
  return { port, got, calls };
}

describe('makeOutputPort: the write-out protocol', () => {
  it('a write-out that takes a few bytes at a time gets every byte, in order', T, async () => {
    const { port, got, calls } = fewAtATime(2);
    assert.equal(await writeBytes(bytes('hello'), port), 5);
    assert.deepEqual(calls, ['hello:false:true', 'llo:false:true', 'o:false:true']);
    await writeString('é!', port);
    await newline(port);
    assert.equal(Buffer.from(got).toString(), 'helloé!\n');
  });

  it(
    'flushes are write-out calls with an empty range; avail writes are non-blocking',
    T,
    async () => {
      const { port, calls } = fewAtATime(2);
      await flushOutput(port);
      assert.equal(await writeBytesAvailNowait(bytes('xyz'), port), 2);
      assert.equal(await writeBytesAvail(bytes('xyz'), port), 2);
      assert.deepEqual(calls, [':false:true', 'xyz:true:false', 'xyz:true:false']);
    },
  );

  it('false waits on the port event, then calls write-out again', T, async () => {
    const sema = makeSemaphore(0);
    let open = false;
    const got: string[] = [];
    const port = makeOutputPort(
      'gate',
      sema,
      (bstr, start, end) => {
        if (!open) return false;
        got.push(text(bstr, start, end));
        return end - start;
      },
      () => {},
    );
    const write = writeBytes(bytes('abc'), port);
    // Writes keep call order: this one waits behind the first.
    const second = writeString('def', port);
    assert.equal(await syncTimeout(0.02, port), false);
    open = true;
    semaphorePost(sema);
    assert.equal(await write, 3);
    assert.equal(await second, 3);
    assert.deepEqual(got, ['abc', 'def']);
  });

  it('an event result: its result is the count; a Promise the same', T, async () => {
    const sema = makeSemaphore(0);
    let calls = 0;
    const port = makeOutputPort(
      'evt',
      alwaysEvt,
      (_b, start, end) => {
        calls++;
        if (calls === 1) return wrapEvt(sema, () => 1);
        return Promise.resolve(end - start);
      },
      () => {},
    );
    const write = writeBytes(bytes('abcd'), port);
    semaphorePost(sema);
    assert.equal(await write, 4);
    assert.equal(calls, 2);
  });

  it('an exception from write-out propagates to the writer; the port goes on', T, async () => {
    let fail = true;
    const port = makeOutputPort(
      'throws',
      alwaysEvt,
      (_b, start, end) => {
        if (fail) {
          fail = false;
          throw new ExnFail('w: wboom');
        }
        return end - start;
      },
      () => {},
    );
    await assertRejectsExn(writeBytes(bytes('abc'), port), ExnFail, 'w: wboom');
    assert.equal(await writeBytes(bytes('abc'), port), 3);
  });

  it("bad results raise with Racket's messages", T, async () => {
    const bad = (r: unknown) =>
      makeOutputPort(
        'o',
        alwaysEvt,
        () => r as number,
        () => {},
      );
    await assertRejectsExn(
      writeBytes(bytes('abc'), bad('bad')),
      ExnFailContract,
      'user port write: contract violation\n  expected: (or/c exact-nonnegative-integer? #f evt?)\n  result: "bad"',
    );
    await assertRejectsExn(
      writeBytes(bytes('abc'), bad(0)),
      ExnFailContract,
      'user port write: bad result for non-flush write\n  result: 0',
    );
    await assertRejectsExn(
      writeBytes(bytes('abc'), bad(10)),
      ExnFailContract,
      'user port write: result integer is larger than the supplied byte string\n  result: 10\n  byte string length: 3',
    );
  });

  it("bad arguments raise contract errors with Racket's messages", () => {
    const w = () => 0;
    assertThrowsExn(
      () => makeOutputPort('o', 5 as never, w, () => {}),
      ExnFailContract,
      contractMessage('make-output-port', 'evt?', '5'),
    );
    assertThrowsExn(
      () => makeOutputPort('o', alwaysEvt, 5 as never, () => {}),
      ExnFailContract,
      contractMessage(
        'make-output-port',
        '(or/c output-port? (procedure-arity-includes/c 5))',
        '5',
      ),
    );
  });

  it(
    'the port as an event stands for its evt; writeBytesAvailEvt writes through it',
    T,
    async () => {
      const sema = makeSemaphore(0);
      const { port: inner, got } = fewAtATime(10);
      const port = makeOutputPort(
        'sema',
        sema,
        (b, s, e, nb) => (nb ? writeBytesAvailNowait(b, inner, s, e) : e - s),
        () => {},
      );
      assert.equal(await syncTimeout(0, port), false);
      semaphorePost(sema);
      assert.equal(await sync(port), port);
      assert.equal(await sync(writeBytesAvailEvt(bytes('hi'), port)), 2);
      assert.equal(text(new Uint8Array(got)), 'hi');
    },
  );

  it('close calls close once, without a flush; writes then raise', T, async () => {
    const { port, calls } = fewAtATime(2);
    await closeOutputPort(port);
    await closeOutputPort(port);
    assert.deepEqual(calls, ['close']);
    assert.ok(isPortClosed(port));
    await assertRejectsExn(writeBytes(bytes('x'), port), ExnFail, /output port is closed/);
    assert.equal(fileStreamBufferMode(port), false);
  });

  it('write-out as an output port: writes go to it', T, async () => {
    const [pin, pout] = makePipe();
    const port = makeOutputPort('redirect', alwaysEvt, pout, () => closeOutputPort(pout));
    await writeString('one\ntwo\n', port);
    await flushOutput(port);
    await closeOutputPort(port);
    assert.equal(await portToString(pin), 'one\ntwo\n');
  });
});

describe('makeOutputPort: locations, closing, stream bridges', () => {
  it('counts lines and positions from what write-out took', T, async () => {
    const { port } = fewAtATime(3);
    portCountLines(port);
    await writeString('ab\ncdé', port);
    assert.deepEqual(portNextLocation(port), [2, 3, 7]);
  });

  it('a write waiting on the port event fails when the port is closed', T, async () => {
    const port = makeOutputPort(
      'never',
      neverEvt,
      () => false,
      () => {},
    );
    const write = writeBytes(bytes('abc'), port);
    await sleep(0.01);
    await closeOutputPort(port);
    await assertRejectsExn(write, ExnFail, /output port is closed/);
  });

  it('works through the stream bridges both ways', T, async () => {
    const got: string[] = [];
    const out = makeOutputPort(
      'sink',
      alwaysEvt,
      (b, s, e) => {
        got.push(text(b, s, e));
        return e - s;
      },
      () => got.push('<closed>'),
    );
    const writable = outputPortToNodeWritable(out);
    await new Promise<void>((resolve, reject) =>
      writable.end('via node', (err?: Error | null) => (err ? reject(err) : resolve())),
    );
    assert.equal(got.filter((g) => g !== '').join(''), 'via node<closed>');
    let n = 0;
    const inp = makeInputPort(
      'src',
      (bstr) => {
        if (n++ === 3) return eof;
        bstr.set(bytes('ab'));
        return 2;
      },
      false,
      () => {},
    );
    const chunks: Buffer[] = [];
    for await (const chunk of inputPortToNodeReadable(inp)) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'ababab');
  });
});

describe('custom ports over TCP', () => {
  it(
    'a counting output port wrapping a TCP output port; copyPort through a limited port',
    { timeout: 10000 },
    async () => {
      const { listener, ci, co, si, so } = await connectedPair();
      try {
        let count = 0;
        const counting = makeOutputPort(
          'counting',
          co,
          (bstr, start, end, nonBlock) => {
            if (start === end) return flushOutput(co).then(() => 0);
            if (nonBlock) {
              const n = writeBytesAvailNowait(bstr, co, start, end);
              if (n === false || n === 0) return false;
              count += n;
              return n;
            }
            count += end - start;
            return writeBytes(bstr, co, start, end);
          },
          () => closeOutputPort(co),
        );
        const body = Buffer.alloc(100000, 'x');
        const request = `POST / HTTP/1.0\r\nContent-Length: ${body.length}\r\n\r\n`;
        await writeString(request, counting);
        await writeBytes(body, counting);
        await writeString('NEXT\r\n', counting);
        await flushOutput(counting);
        // The server: read the header, copy exactly the body through a limited port.
        assert.equal(await readLine(si, 'return-linefeed'), 'POST / HTTP/1.0');
        const length = Number((await readLine(si, 'return-linefeed'))!.toString().split(': ')[1]);
        assert.equal(await readLine(si, 'return-linefeed'), '');
        const [pin, pout] = makePipe();
        const limited = makeLimitedInputPort(si, length, false);
        await copyPort(limited, pout);
        await closeOutputPort(pout);
        assert.equal((await portToString(pin)).length, body.length);
        // The limited port took nothing past the body.
        assert.equal(await readLine(si, 'return-linefeed'), 'NEXT');
        assert.equal(count, request.length + body.length + 6);
        await writeString('bye', so);
        await closeOutputPort(so);
        closeInputPort(limited);
        assert.equal(isPortClosed(si), false);
        assert.equal(text(await readBytes(3, ci)), 'bye');
        await closeOutputPort(counting);
        assert.ok(isPortClosed(co));
      } finally {
        tcpClose(listener);
        closeInputPort(si);
        closeInputPort(ci);
      }
    },
  );
});

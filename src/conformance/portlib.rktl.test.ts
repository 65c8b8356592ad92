// Racket's pkgs/racket-test-core/tests/racket/portlib.rktl, translated. Each test names the line
// of the case it translates. A string port is stood in for by a pipe holding the string, then
// EOF (`inputOf`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Evt,
  type InputPort,
  type OutputPort,
  alarmEvt,
  closeInputPort,
  closeOutputPort,
  currentInexactMilliseconds,
  flushOutput,
  sleep,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  wrapEvt,
  writeBytes,
  eof,
  eofEvt,
  isCharReady,
  makePipe,
  peekBytes,
  peekBytesAvailNowait,
  peekBytesEvt,
  portToBytes,
  portToString,
  readBytes,
  readBytesAvailEvt,
  readBytesAvailNowait,
  readBytesEvt,
  readLineEvt,
  sync,
  syncTimeout,
  thread,
  writeString,
  threadResume,
  threadSuspend,
  ExnFailContract,
  callWithOutputBytes,
  callWithOutputString,
  currentInputPort,
  currentOutputPort,
  display,
  readLine,
  withInputFromString,
  withOutputToBytes,
  withOutputToString,
  inputPortAppend,
  makeLimitedInputPort,
  portToLines,
} from '../index.js';
import { idle, inputOf, missing } from './support.js';

const text = (v: unknown) =>
  v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : (v as string | typeof eof);

describe('portlib.rktl: port->…', () => {
  it('portlib.rktl:21 port->string and port->bytes', async () => {
    assert.equal(await portToString(await inputOf('hello\r\nthere')), 'hello\r\nthere');
    assert.equal(text(await portToBytes(await inputOf('hello\r\nthere'))), 'hello\r\nthere');
  });

  it('portlib.rktl:23 port->lines and port->bytes-lines', async () => {
    const p = () => inputOf('hello\r\nthere');
    assert.deepEqual(await portToLines(await p()), ['hello', 'there']);
    assert.deepEqual(await portToLines(await p(), 'linefeed'), ['hello\r', 'there']);
    assert.deepEqual(await portToLines(await p(), 'any-one'), ['hello', '', 'there']);
  });

  it('portlib.rktl:41 a 50,000-character string through port->string and port->bytes', async () => {
    const x = 'x'.repeat(50000);
    assert.equal((await portToString(await inputOf(x))).length, 50000);
    assert.equal((await portToBytes(await inputOf(x))).length, 50000);
  });
});

describe('portlib.rktl: string-port procedures', () => {
  // There is no reader: `(read p)` of "cat" is `readLine`, and `(write 'cat p)` is the display
  // of the string "cat" (symbols are strings, and a symbol is written as its name).
  it('portlib.rktl:51 call-with-output-… and with-output-to-…, with-input-from-string', async () => {
    assert.deepEqual(
      await callWithOutputBytes((p) => display('cat', p)),
      new TextEncoder().encode('cat'),
    );
    assert.equal(await callWithOutputString((p) => display('cat', p)), 'cat');
    assert.deepEqual(
      await withOutputToBytes(() => display('cat', currentOutputPort())),
      new TextEncoder().encode('cat'),
    );
    assert.equal(await withOutputToString(() => display('cat', currentOutputPort())), 'cat');
    assert.equal(await withInputFromString('cat', () => readLine(currentInputPort())), 'cat');
  });

  it('portlib.rktl:66 with-input-from-string rejects a byte string', async () => {
    await assert.rejects(
      withInputFromString(new Uint8Array([120]) as never, () => 0),
      ExnFailContract,
    );
  });
});

describe('portlib.rktl: read synchronization events', () => {
  type Sync = (...evts: Evt<unknown>[]) => Promise<unknown>;
  const poll: Sync = (...evts) => syncTimeout(0, ...evts);
  const plain: Sync = (...evts) => sync(...evts);
  /** `make-delay-hello` of portlib.rktl:571: "hello" arrives from another thread. */
  const delayHello = () => {
    const [r, w] = makePipe();
    thread(async () => {
      await idle();
      await writeString('hello', w);
      await closeOutputPort(w);
    });
    return Promise.resolve(r);
  };
  const emptyPipe = () => Promise.resolve(makePipe()[0]);

  /** portlib.rktl:502 `go`, with the evts racket-net has. `ready`: whether "hello" is there. */
  async function go(mkHello: () => Promise<InputPort>, doSync: Sync, ready: boolean) {
    const atest = (expected: unknown, got: unknown) =>
      assert.deepEqual(text(got), ready ? text(expected) : false);
    const btest = (expected: string, s: Uint8Array) =>
      assert.equal(text(s), ready ? expected : '\0'.repeat(expected.length));
    assert.equal(text(await sync(peekBytesEvt(0, 0, false, await mkHello()))), '');
    assert.equal(text(await sync(readBytesEvt(0, await mkHello()))), '');
    let p = await mkHello();
    atest('hello', await doSync(peekBytesEvt(5, 0, false, p)));
    atest('llo', await doSync(peekBytesEvt(5, 2, false, p)));
    atest('hello', await doSync(readBytesEvt(5, p)));
    atest(eof, await doSync(peekBytesEvt(5, 0, false, p)));
    atest(eof, await doSync(readBytesEvt(5, p)));
    assert.equal(await sync(readBytesAvailEvt(new Uint8Array(0), await mkHello())), 0);
    const s = new Uint8Array(5);
    p = await mkHello();
    atest(5, await doSync(readBytesAvailEvt(s, p)));
    btest('hello', s);
    atest(eof, await doSync(readBytesAvailEvt(s, p)));
    p = await mkHello();
    atest(
      eof,
      ready ? (await doSync(readBytesEvt(5, p)), await doSync(eofEvt(p))) : await doSync(eofEvt(p)),
    );
    p = await mkHello();
    atest('hello', await doSync(readLineEvt(p)));
    atest(eof, await doSync(readLineEvt(p)));
  }

  it('portlib.rktl:566 read evts on a byte-string port, with sync', async () => {
    await go(() => inputOf('hello'), plain, true);
  });

  it('portlib.rktl:569 read evts on a byte-string port, polled', async () => {
    await go(() => inputOf('hello'), poll, true);
  });

  it('portlib.rktl:579 read evts on a pipe written by another thread', async () => {
    await go(delayHello, plain, true);
  });

  it('portlib.rktl:582 read evts on an empty pipe, polled: none is ready', async () => {
    await go(emptyPipe, poll, false);
  });

  it('portlib.rktl:512 peek-bytes!-evt and read-bytes!-evt', async () => {
    const peekBytesIntoEvt = missing('peekBytesIntoEvt');
    const readBytesIntoEvt = missing('readBytesIntoEvt');
    assert.equal(
      await sync(peekBytesIntoEvt(new Uint8Array(0), 0, false, await inputOf('hello'))),
      0,
    );
    assert.equal(await sync(readBytesIntoEvt(new Uint8Array(0), await inputOf('hello'))), 0);
    const s = new Uint8Array(5);
    const p = await inputOf('hello');
    assert.equal(await sync(peekBytesIntoEvt(s, 0, false, p)), 5);
    assert.equal(text(s), 'hello');
    assert.equal(await sync(peekBytesIntoEvt(s, 2, false, p)), 3);
    assert.equal(text(s), 'llolo');
    s.fill(0);
    assert.equal(await sync(readBytesIntoEvt(s, p)), 5);
    assert.equal(text(s), 'hello');
    assert.equal(await sync(readBytesIntoEvt(s, p)), eof);
  });

  it('portlib.rktl:525 peek-bytes-avail!-evt', async () => {
    const peekBytesAvailEvt = missing('peekBytesAvailEvt');
    const s = new Uint8Array(5);
    const p = await inputOf('hello');
    assert.equal(await sync(peekBytesAvailEvt(s, 0, false, p)), 5);
    assert.equal(text(s), 'hello');
    assert.equal(await sync(peekBytesAvailEvt(s, 3, false, p)), 2);
    assert.equal(text(s), 'lollo');
  });

  it('portlib.rktl:535 read-string-evt and peek-string-evt', async () => {
    const readStringEvt = missing('readStringEvt');
    const peekStringEvt = missing('peekStringEvt');
    assert.equal(await sync(readStringEvt(0, await inputOf('hello'))), '');
    const p = await inputOf('hello');
    assert.equal(await sync(peekStringEvt(5, 0, false, p)), 'hello');
    assert.equal(await sync(peekStringEvt(5, 3, false, p)), 'lo');
    assert.equal(await sync(readStringEvt(5, p)), 'hello');
    assert.equal(await sync(peekStringEvt(5, 0, false, p)), eof);
    assert.equal(await sync(peekStringEvt(5, 100, false, p)), eof);
    assert.equal(await sync(readStringEvt(5, p)), eof);
  });

  it('portlib.rktl:543 read-string!-evt', async () => {
    const readStringIntoEvt = missing('readStringIntoEvt');
    assert.ok(readStringIntoEvt);
  });

  it('portlib.rktl:563 read-bytes-line-evt', async () => {
    const readBytesLineEvt = missing('readBytesLineEvt');
    const p = await inputOf('hello');
    assert.equal(text(await sync(readBytesLineEvt(p))), 'hello');
    assert.equal(await sync(readBytesLineEvt(p)), eof);
    assert.equal(await sync(eofEvt(p)), eof);
  });

  for (const [line, input, mode, results] of [
    [595, 'ab\nc', undefined, ['ab', 'c']],
    [599, 'ab\nc', 'return', ['ab\nc']],
    [602, 'ab\r\nc\r', 'return', ['ab', '\nc']],
    [606, 'ab\r\nc\r', 'return-linefeed', ['ab', 'c\r']],
    [610, 'ab\r\nc\r', 'any', ['ab', 'c']],
    [614, 'ab\r\nc\r', 'any-one', ['ab', '', 'c']],
  ] as const) {
    it(`portlib.rktl:${line} read-line-evt ${mode ?? 'linefeed'} of ${JSON.stringify(input)}`, async () => {
      const p = await inputOf(input);
      for (const r of results) assert.equal(await sync(readLineEvt(p, mode)), r);
      assert.equal(await sync(readLineEvt(p, mode)), eof);
    });
  }
});

describe('portlib.rktl: input-port-append and make-limited-input-port', () => {
  it('portlib.rktl:654 input-port-append', async () => {
    const p = inputPortAppend(false, await inputOf('apple'), await inputOf('banana'));
    assert.equal(text(await peekBytes(11, 0, p)), 'applebanana');
  });

  it('portlib.rktl:708 make-limited-input-port', async () => {
    const s2 = makeLimitedInputPort(await inputOf('123456789'), 5);
    assert.equal(text(await peekBytes(3, 0, s2)), '123');
    assert.equal(text(await peekBytes(6, 0, s2)), '12345');
    assert.equal(text(await readBytes(2, s2)), '12');
    assert.equal(text(await readBytes(6, s2)), '345');
    assert.equal(await readBytes(6, s2), eof);
  });

  it('portlib.rktl:721 make-limited-input-port over a pipe', async () => {
    const [i, o] = makePipe();
    const s = makeLimitedInputPort(i, 5);
    assert.equal(isCharReady(s), false);
    await writeString('123', o);
    assert.equal(isCharReady(s), true);
    const b = new Uint8Array(10);
    assert.equal(peekBytesAvailNowait(b, 0, false, s), 3);
    assert.equal(readBytesAvailNowait(b, s), 3);
    assert.equal(peekBytesAvailNowait(b, 0, false, s), 0);
    await writeString('456', o);
    assert.equal(peekBytesAvailNowait(b, 0, false, s), 2);
    assert.equal(peekBytesAvailNowait(b, 1, false, s), 1);
    assert.equal(readBytesAvailNowait(b, s), 2);
  });
});

describe('portlib.rktl: read-bytes-evt across suspension and reuse', () => {
  it('portlib.rktl:1316 a read-bytes-evt in a suspended thread gets what was not read meanwhile', async () => {
    const [i, o] = makePipe();
    let res: unknown = false;
    const t = thread(async () => {
      res = await sync(readBytesEvt(2, i));
    });
    await writeString('1', o);
    await idle();
    threadSuspend(t);
    await writeString('2', o);
    assert.equal(text(await readBytes(1, i)), '1');
    threadResume(t);
    await idle();
    await writeString('34', o);
    await sync(t);
    assert.equal(text(res), '23');
  });

  it('portlib.rktl:1341 a read-bytes-evt can be reused in a server loop', async () => {
    const N = 10;
    const M = 160;
    const makeAlarm = () => alarmEvt(currentInexactMilliseconds() + 5);
    const handle = (inp: InputPort, out: OutputPort) => {
      const loop = (alarmE: Evt<unknown>, readE: Evt<Uint8Array | typeof eof>): Promise<unknown> =>
        sync(
          wrapEvt(alarmE, () => loop(makeAlarm(), readE)),
          wrapEvt(readE, async (bs) => {
            if (bs instanceof Uint8Array) {
              await sleep(0.01);
              await writeBytes(bs, out);
              await flushOutput(out);
            }
            return loop(alarmE, readE);
          }),
          wrapEvt(eofEvt(inp), async () => {
            closeInputPort(inp);
            await closeOutputPort(out);
          }),
        );
      return loop(makeAlarm(), readBytesEvt(16, inp));
    };
    const listener = await tcpListen(0, 4, true, '127.0.0.1');
    const portNo = tcpAddresses(listener, true)[1] as number;
    const server = thread(async () => {
      for (let k = 0; k < N; k++) {
        const [inp, out] = await tcpAccept(listener);
        await handle(inp, out);
      }
    });
    const s = Buffer.from(Array.from({ length: M }, () => Math.floor(Math.random() * 512) & 0xff));
    for (let k = 0; k < N; k++) {
      const [i, o] = await tcpConnect('127.0.0.1', portNo);
      await writeBytes(s, o);
      await closeOutputPort(o);
      assert.equal(text(await readBytes(M, i)), text(s));
      closeInputPort(i);
    }
    await sync(server);
    tcpClose(listener);
  });
});

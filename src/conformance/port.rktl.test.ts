// Racket's pkgs/racket-test-core/tests/racket/port.rktl, translated. Each test names the line of
// the case it translates. A string port is stood in for by a pipe holding the string, then EOF
// (`inputOf`); Racket's cases over its two thread kinds run once, with racket-net threads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnBreak,
  alwaysEvt,
  isEvt,
  ExnFail,
  ExnFailContract,
  closeInputPort,
  closeOutputPort,
  eof,
  flushOutput,
  isByteReady,
  isCharReady,
  isThreadRunning,
  makePipe,
  makeSemaphore,
  parameterizeBreak,
  peekByte,
  peekBytes,
  peekBytesAvail,
  peekChar,
  portClosedEvt,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesAvailEnableBreak,
  readBytesAvailNowait,
  readBytesInto,
  readChar,
  readLine,
  readString,
  semaphorePost,
  semaphoreWait,
  sync,
  syncEnableBreak,
  syncTimeout,
  thread,
  threadWait,
  breakThread,
  writeByte,
  writeBytes,
  writeBytesAvail,
  writeBytesAvailNowait,
  writeChar,
  writeString,
  type InputPort,
  portCommitPeeked,
  portProgressEvt,
  makeInputPort,
} from '../index.js';
import { idle, inThread, inputOf, missing } from './support.js';

describe('port.rktl', () => {
  /** port.rktl:22 `test-hello-port`, without its progress evts (see docs/conformance.md). */
  async function helloPort(p: InputPort) {
    assert.equal(await readChar(p), 'h');
    assert.equal(await peekChar(p), 'e');
    assert.equal(await readChar(p), 'e');
    assert.equal(await peekChar(p), 'l');
    assert.equal(await peekChar(p, 1), 'l');
    assert.equal(await peekChar(p, 2), 'o');
    assert.equal(await peekChar(p, 3), eof);
    assert.equal(await peekChar(p, 4), eof);
    assert.equal(await readString(2, p), 'll');
    assert.equal(await peekChar(p), 'o');
    assert.equal(await peekChar(p, 1), eof);
    assert.equal(await readChar(p), 'o');
    assert.equal(await peekChar(p), eof);
    assert.equal(await readChar(p), eof);
  }

  it('port.rktl:60 peeks and reads on a string port holding "hello"', async () => {
    await helloPort(await inputOf('hello'));
  });

  it('port.rktl:62 peeks and reads on a closed pipe holding "hello"', async () => {
    const [r, w] = makePipe();
    await writeString('hello', w);
    await closeOutputPort(w);
    await helloPort(r);
  });

  it('port.rktl:22 progress evts and port-commit-peeked on "hello"', async () => {
    const p = await inputOf('hello');
    const progress1 = portProgressEvt(p);
    assert.equal(isEvt(progress1), true);
    assert.equal(await syncTimeout(0, progress1), false);
    assert.equal(await readChar(p), 'h');
    assert.equal(await syncTimeout(0, progress1), progress1);
    const progress2 = portProgressEvt(p);
    assert.equal(await peekChar(p), 'e');
    assert.equal(await syncTimeout(0, progress2), false);
    assert.equal(await portCommitPeeked(1, progress1, alwaysEvt, p), false);
    assert.equal(await portCommitPeeked(1, progress2, alwaysEvt, p), true);
    assert.equal(await syncTimeout(0, progress2), progress2);
    assert.equal(await peekChar(p), 'l');
  });

  it('port.rktl:93 a progress evt of a closed port is ready', async () => {
    const [i] = makePipe();
    closeInputPort(i);
    assert.equal(isEvt(await syncTimeout(0, portProgressEvt(i))), true);
    assert.equal(await peekBytesAvail(Buffer.alloc(10), 0, portProgressEvt(i), i), 0);
  });

  it('port.rktl:86 a pipe holding byte 200: byte-ready? but not char-ready?', async () => {
    const [r, w] = makePipe();
    await writeByte(200, w);
    assert.equal(isByteReady(r), true);
    assert.equal(isCharReady(r), false);
  });

  it('port.rktl:106 a concurrent close of the input port fails a waiting peek', async () => {
    const [i] = makePipe();
    thread(async () => {
      await idle();
      closeInputPort(i);
    });
    await assert.rejects(peekBytesAvail(Buffer.alloc(10), 0, false, i), ExnFail);
  });

  it('port.rktl:124 a concurrent close of the output port fails a blocked writer', async () => {
    const [, o] = makePipe(4096);
    thread(async () => {
      await idle();
      await closeOutputPort(o);
    });
    await assert.rejects(async () => {
      for (;;) await writeBytes(Buffer.from('hello'), o);
    }, ExnFail);
  });

  it('port.rktl:136 a concurrent close of the input port unblocks a limited pipe’s writer', async () => {
    const [i, o] = makePipe(4096);
    let done = false;
    thread(async () => {
      await idle();
      done = true;
      closeInputPort(i);
    });
    while (!done) await writeBytes(Buffer.from('hello'), o); // shouldn't get stuck
  });

  it('port.rktl:150 concurrent reads and writes of one pipe by ten threads', async () => {
    // Racket runs 1,000 rounds in each thread; 200 keep the suite fast.
    const [i, o] = makePipe(4096);
    const results: boolean[] = [];
    const ts = Array.from({ length: 10 }, () =>
      thread(async () => {
        let ok = true;
        for (let j = 0; j < 200; j++) {
          await writeBytes(Buffer.from('a'), o);
          ok = ok && Buffer.from((await readBytes(1, i)) as Uint8Array).equals(Buffer.from('a'));
        }
        results.push(ok);
      }),
    );
    for (const t of ts) await threadWait(t);
    assert.deepEqual(results, new Array(10).fill(true));
  });

  it('port.rktl:669 peeking in a limited pipe extends the limit', async () => {
    const [inp, out] = makePipe(3);
    assert.equal(await writeBytesAvail(Buffer.from('12345'), out), 3);
    assert.equal(await syncTimeout(0, out), false);
    assert.equal(await peekChar(inp), '1');
    assert.equal(await syncTimeout(0, out), out);
    assert.equal(await writeBytesAvail(Buffer.from('12345'), out), 1);
    assert.equal(await syncTimeout(0, out), false);
    assert.equal(await peekChar(inp), '1');
    assert.equal(writeBytesAvailNowait(Buffer.from('12345'), out), 0);
    assert.equal(await peekChar(inp, 1), '2');
    assert.equal(writeBytesAvailNowait(Buffer.from('12345'), out), 1);
    const s = Buffer.alloc(6, '-');
    assert.equal(await readBytesAvail(s, inp), 5);
    assert.equal(s.toString(), '12311-');
    let n = 0;
    for (;;) {
      const v = Number(writeBytesAvailNowait(Buffer.from('1234'), out));
      if (v === 0) break;
      n += v;
    }
    assert.equal(n, 3);
  });

  it('port.rktl:691 peeking past the limit of a limited pipe does not get stuck', async () => {
    const [i, o] = makePipe(50);
    const s = makeSemaphore();
    const t = thread(async () => {
      await peekBytes(100, 0, i);
      await semaphoreWait(s);
      await peekBytes(200, 0, i);
    });
    await writeBytes(Buffer.alloc(100, 65), o);
    await idle();
    semaphorePost(s);
    await writeBytes(Buffer.alloc(100, 66), o);
    await sync(t);
  });

  /** port.rktl:929 `try`: a thread blocked in `read` on a port with no input is broken. */
  async function brokenWhileBlocked(read: (p: InputPort) => Promise<unknown>) {
    const [p] = makePipe();
    const t = thread(async () => {
      try {
        await read(p);
      } catch (e) {
        if (!(e instanceof ExnBreak)) throw e;
      }
    });
    await idle();
    breakThread(t);
    await idle();
    assert.equal(isThreadRunning(t), false);
  }

  it('port.rktl:944 breaks are enabled in port waits', async () => {
    await brokenWhileBlocked((p) => sync(p));
    await brokenWhileBlocked((p) => syncEnableBreak(p));
    await brokenWhileBlocked((p) => readChar(p));
    await brokenWhileBlocked((p) => peekChar(p));
    await brokenWhileBlocked((p) => readBytesAvail(Buffer.alloc(10), p));
    await brokenWhileBlocked((p) => readBytesAvailEnableBreak(Buffer.alloc(10), p));
  });

  it('port.rktl:946 the enable-break forms are breakable with breaks disabled', async () => {
    await inThread(() =>
      parameterizeBreak(false, async () => {
        await brokenWhileBlocked((p) => parameterizeBreak(false, () => syncEnableBreak(p)));
        await brokenWhileBlocked((p) =>
          parameterizeBreak(false, () => readBytesAvailEnableBreak(Buffer.alloc(10), p)),
        );
      }),
    );
  });

  it('port.rktl:985 a limited pipe as port shortcuts: readiness, reads and writes', async () => {
    // Racket wraps the pipe in make-input-port / make-output-port; the pipe itself is used here.
    const [i2, o2] = makePipe(5);
    assert.equal(await syncTimeout(0, i2), false);
    assert.equal(await syncTimeout(0, o2), o2);
    await writeBytes(Buffer.from('01234'), o2);
    assert.equal(await syncTimeout(0, o2), false);
    assert.equal(await syncTimeout(0, i2), i2);
    assert.deepEqual(Buffer.from((await readBytes(5, i2)) as Uint8Array).toString(), '01234');
    assert.equal(readBytesAvailNowait(Buffer.alloc(3), i2), 0);
    thread(async () => {
      await idle();
      await writeBytes(Buffer.from('5'), o2);
    });
    assert.equal(await readChar(i2), '5');
    const s = Buffer.alloc(6);
    let written: unknown;
    thread(async () => {
      await idle();
      written = await writeBytesAvail(Buffer.from('6789ab'), o2);
    });
    assert.equal(await readBytesAvail(s, i2), 5);
    assert.deepEqual([...s], [...Buffer.from('6789a\0')]);
    await idle();
    assert.equal(written, 5);
  });

  it('port.rktl:986 make-input-port with a port as its read procedure', () => {
    const [i] = makePipe(5);
    assert.ok(makeInputPort('pipe', i, i, () => {}));
  });

  for (const [name, op] of [
    ['read-byte', (p: InputPort) => readByte(p)],
    ['peek-byte', (p: InputPort) => peekByte(p)],
    ['peek-byte with a skip', (p: InputPort) => peekByte(p, 10)],
    ['read-bytes', (p: InputPort) => readBytes(10, p)],
    ['read-char', (p: InputPort) => readChar(p)],
    ['peek-char', (p: InputPort) => peekChar(p)],
    ['read-string', (p: InputPort) => readString(10, p)],
    ['read-line', (p: InputPort) => readLine(p)],
    ['read-bytes!', (p: InputPort) => readBytesInto(Buffer.alloc(3), p)],
  ] as const) {
    it(`port.rktl:1088 ${name} on a closed input port fails, and not with a contract error`, async () => {
      const p = await inputOf('x');
      closeInputPort(p);
      await assert.rejects(
        Promise.resolve().then((): Promise<unknown> => op(p)),
        (e: unknown) =>
          e instanceof ExnFail &&
          !(e instanceof ExnFailContract) &&
          /closed/.test((e as Error).message),
      );
    });
  }

  for (const [name, op] of [
    ['write-byte', (p: any) => writeByte(10, p)],
    ['write-bytes', (p: any) => writeBytes(Buffer.from('hello'), p)],
    ['write-char', (p: any) => writeChar('x', p)],
    ['write-string', (p: any) => writeString('hello', p)],
    ['flush-output', (p: any) => flushOutput(p)],
  ] as const) {
    it(`port.rktl:1105 ${name} on a closed output port fails, and not with a contract error`, async () => {
      const [, p] = makePipe();
      await closeOutputPort(p);
      await assert.rejects(
        Promise.resolve().then((): Promise<unknown> => op(p)),
        (e: unknown) =>
          e instanceof ExnFail &&
          !(e instanceof ExnFailContract) &&
          /closed/.test((e as Error).message),
      );
    });
  }

  it('port.rktl:1120 port-closed-evt', async () => {
    const [i, o] = makePipe();
    const ic = portClosedEvt(i);
    const oc = portClosedEvt(o);
    assert.equal(await syncTimeout(0, ic, oc), false);
    const t = thread(() => sync(ic));
    await idle();
    assert.equal(await syncTimeout(0, ic, oc, t), false);
    closeInputPort(i);
    assert.equal(await sync(t), t);
    assert.equal(await syncTimeout(0, ic, oc), ic);
    assert.equal(await syncTimeout(0, oc), false);
    const t2 = thread(() => sync(oc));
    await idle();
    assert.equal(await syncTimeout(0, oc, t2), false);
    await closeOutputPort(o);
    assert.equal(await sync(t2), t2);
    assert.equal(await syncTimeout(0, oc), oc);
  });

  it('port.rktl:1175 an empty string port is ready: at EOF', async () => {
    const i = await inputOf('');
    assert.equal(await syncTimeout(0, i), i);
    assert.equal(await syncTimeout(false, i), i);
    assert.equal(isByteReady(i), true);
    assert.equal(isCharReady(i), true);
  });

  it('port.rktl:1309 read-line \'any with "\\r\\n" across buffer boundaries', async () => {
    const prefix = 'x\r\n'.repeat(1364);
    const count = async (text: string) => {
      const inp = await inputOf(text);
      let n = 0;
      while ((await readLine(inp, 'any')) !== eof) n++;
      return n;
    };
    assert.equal(await count(prefix + '\r\ny\r\ny\r\n'), 1367);
    assert.equal(await count(prefix + 'y\r\ny\r\ny\r\n'), 1367);
  });

  it('port.rktl:1346 peek-string', async () => {
    const peekString = missing('peekString');
    const inp = await inputOf('hello');
    assert.equal(await peekString(10, 0, inp), 'hello');
  });
});

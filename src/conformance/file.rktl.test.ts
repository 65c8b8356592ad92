// Racket's pkgs/racket-test-core/tests/racket/file.rktl (its pipe, peek, read-line and TCP
// cases), translated. Each test names the line of the case it translates. A string port is stood
// in for by a pipe holding the string, then EOF (`inputOf`).
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnFail,
  ExnFailContract,
  closeInputPort,
  closeOutputPort,
  currentCustodian,
  custodianShutdownAll,
  eof,
  flushOutput,
  isByteReady,
  isInputPort,
  isOutputPort,
  isPortClosed,
  isTcpAcceptReady,
  isTcpPort,
  isThreadRunning,
  makeCustodian,
  makePipe,
  newline,
  parameterize,
  peekByte,
  peekBytes,
  peekBytesAvail,
  peekBytesAvailNowait,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesAvailNowait,
  readLine,
  readString,
  sync,
  syncTimeout,
  tcpAbandonPort,
  tcpAccept,
  tcpAcceptEvt,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  writeByte,
  writeBytes,
  writeBytesAvail,
  writeString,
  type InputPort,
  type LineMode,
} from '../index.js';
import { bytes, idle, inputOf, missing } from './support.js';

describe('file.rktl: read-line', () => {
  const cases: [number, string | typeof eof, string | typeof eof, string, LineMode | undefined][] =
    [
      [281, 'ab', 'cd', '\n', undefined],
      [282, 'ab\rcd', eof, '\r', undefined],
      [283, 'ab\r', 'cd', '\r\n', undefined],
      [284, 'ab', 'cd', '\r', 'return'],
      [285, 'ab\ncd', eof, '\n', 'return'],
      [286, 'ab', '\ncd', '\r\n', 'return'],
      [287, 'ab\rcd', eof, '\r', 'return-linefeed'],
      [288, 'ab\ncd', eof, '\n', 'return-linefeed'],
      [289, 'ab', 'cd', '\r\n', 'return-linefeed'],
      [290, 'ab\r', 'cd', '\r\r\n', 'return-linefeed'],
      [291, 'ab', '\ncd', '\r\n\n', 'return-linefeed'],
      [292, 'ab', 'cd', '\r', 'any'],
      [293, 'ab', 'cd', '\n', 'any'],
      [294, 'ab', 'cd', '\r\n', 'any'],
      [295, 'ab', '', '\n\r', 'any'],
      [296, 'ab', 'cd', '\r', 'any-one'],
      [297, 'ab', 'cd', '\n', 'any-one'],
      [298, 'ab', '', '\r\n', 'any-one'],
      [299, 'ab', '', '\n\r', 'any-one'],
    ];
  for (const [line, r1, r2, sep, mode] of cases) {
    it(`file.rktl:${line} read-line ${mode ?? 'linefeed'} of ${JSON.stringify(`ab${sep}cd`)}`, async () => {
      const p = await inputOf(`ab${sep}cd`);
      assert.equal(await readLine(p, mode), r1);
      assert.equal(await readLine(p, mode), r2);
    });
  }

  it('file.rktl:302 read-line contracts', async () => {
    const [p] = makePipe();
    await assert.rejects(
      Promise.resolve().then(() => readLine(8 as any)),
      ExnFailContract,
    );
    await assert.rejects(
      Promise.resolve().then(() => readLine('any' as any)),
      ExnFailContract,
    );
    await assert.rejects(
      Promise.resolve().then(() => readLine(p, 8 as any)),
      ExnFailContract,
    );
    await assert.rejects(
      Promise.resolve().then(() => readLine(p, 'anyx' as any)),
      ExnFailContract,
    );
  });
});

describe('file.rktl: pipes', () => {
  it('file.rktl:797 a pipe carries 1,000 lines', async () => {
    const [out, inp] = makePipe();
    assert.equal(isInputPort(out), true);
    assert.equal(isOutputPort(inp), true);
    for (let n = 1000; n > 0; n--) {
      await writeString(String(n), inp);
      await newline(inp);
    }
    for (let n = 999; n > 0; n--) await readLine(out);
    assert.equal(await readLine(out), '1');
    await closeOutputPort(inp);
    assert.equal(await readLine(out), eof);
    closeInputPort(out);
  });

  it('file.rktl:814 a limited pipe blocks writers until it is read', async () => {
    const [inp, out] = makePipe(3);
    assert.equal(await writeBytesAvail(Buffer.from('12345'), out), 3);
    const s = Buffer.alloc(5, '-');
    assert.equal(await readBytesAvail(s, inp), 3);
    assert.equal(s.toString(), '123--');
    await writeString('1', out);
    assert.equal(await writeBytesAvail(Buffer.from('2345'), out), 2);
    const th = [0, 1, 2].map(() => thread(() => writeString('a', out)));
    for (const t of th) assert.equal(isThreadRunning(t), true);
    const running = () => th.filter(isThreadRunning).length;
    assert.equal(await readByte(inp), 49);
    await idle();
    assert.equal(running(), 2);
    assert.equal(await readByte(inp), 50);
    await idle();
    assert.equal(running(), 1);
    assert.equal(await readByte(inp), 51);
    await idle();
    assert.equal(running(), 0);
    await closeOutputPort(out);
    assert.deepEqual(Buffer.from((await readBytes(10, inp)) as Uint8Array).toString(), 'aaa');
    closeInputPort(inp);
  });

  it('file.rktl:868 make-pipe contracts', () => {
    assert.throws(() => makePipe(0), ExnFailContract);
    assert.throws(() => makePipe(-1), ExnFailContract);
    assert.throws(() => makePipe(-(2 ** 40)), ExnFailContract);
    assert.throws(() => makePipe('hello' as any), ExnFailContract);
  });
});

describe('file.rktl: peeks', () => {
  it('file.rktl:1173 peek-string and read-string', async () => {
    const peekString = missing('peekString');
    const p = await inputOf('Hello World!');
    assert.equal(await peekString(6, 6, p), 'World!');
    assert.equal(await peekString(7, 6, p), 'World!');
    assert.equal(await readString(2, p), 'He');
    assert.equal(await peekString(7, 6, p), 'rld!');
    assert.equal(await peekString(7, 600, p), eof);
  });

  it('file.rktl:1173 the same with peek-bytes', async () => {
    const p = await inputOf('Hello World!');
    const str = async (v: Promise<Uint8Array | typeof eof>) => {
      const r = await v;
      return r === eof ? eof : Buffer.from(r as Uint8Array).toString();
    };
    assert.equal(await str(peekBytes(6, 6, p)), 'World!');
    assert.equal(await str(peekBytes(7, 6, p)), 'World!');
    assert.equal(await readString(2, p), 'He');
    assert.equal(await str(peekBytes(7, 6, p)), 'rld!');
    assert.equal(await str(peekBytes(7, 600, p)), eof);
  });

  /** file.rktl:1180 `test-a-port`, on a pipe whose `go` writes the next letter. */
  async function testAPort(p: InputPort, go: () => unknown, syncPort: (p: InputPort) => unknown) {
    const s = bytes(49, 50, 51);
    const resetS = () => s.set([49, 50, 51]);
    const str = () => Buffer.from(s).toString();
    const testEmpty = () => {
      assert.equal(isByteReady(p), false);
      assert.equal(peekBytesAvailNowait(s, 0, false, p), 0);
      assert.equal(peekBytesAvailNowait(s, 1, false, p), 0);
      assert.equal(readBytesAvailNowait(s, p), 0);
    };
    testEmpty();
    assert.equal(peekBytesAvailNowait(s, 500, false, p), 0);
    assert.equal(readBytesAvailNowait(s, p), 0);
    const testBasic = async (expected: string, doSync: boolean) => {
      await go();
      if (doSync) {
        await syncPort(p);
        await sync(p);
        assert.equal(isByteReady(p), true);
        assert.equal(peekBytesAvailNowait(s, 0, false, p), 1);
        assert.equal(str(), expected);
        resetS();
      }
      assert.equal(await peekBytesAvail(s, 0, false, p), 1);
      assert.equal(str(), expected);
      resetS();
      assert.equal(peekBytesAvailNowait(s, 0, false, p), 1);
      assert.equal(str(), expected);
      resetS();
      assert.equal(readBytesAvailNowait(s, p), 1);
      assert.equal(str(), expected);
      resetS();
    };
    await testBasic('A23', true);
    await testBasic('B23', false);
    testEmpty();
    await go();
    await go();
    const peek0 = async () => {
      const avail = await peekBytesAvail(s, 0, false, p);
      if (avail === 1) assert.equal(str(), 'C23');
      else if (avail === 2) assert.equal(str(), 'CD3');
      else assert.fail(`1 or 2: ${String(avail)}`);
    };
    await peek0();
    resetS();
    assert.equal(await peekBytesAvail(s, 1, false, p), 1);
    assert.equal(str(), 'D23');
    resetS();
    await peek0();
    resetS();
    assert.equal(peekBytesAvailNowait(s, 2, false, p), 0);
    assert.equal(await readBytesAvail(s, p), 2);
    assert.equal(str(), 'CD3');
    testEmpty();
    const b = async (v: Promise<Uint8Array | typeof eof>) =>
      Buffer.from((await v) as Uint8Array).toString();
    await go();
    await go();
    await go();
    assert.equal(await b(peekBytes(1, 0, p)), 'E');
    assert.equal(await b(peekBytes(1, 1, p)), 'F');
    assert.equal(await b(peekBytes(1, 2, p)), 'G');
    assert.equal(peekBytesAvailNowait(s, 3, false, p), 0);
    assert.equal(await b(readBytes(3, p)), 'EFG');
    testEmpty();
    await go();
    await go();
    await go();
    assert.equal(await b(peekBytes(2, 0, p)), 'HI');
    assert.equal(await b(peekBytes(2, 1, p)), 'IJ');
    assert.equal(await b(peekBytes(1, 2, p)), 'J');
    assert.equal(peekBytesAvailNowait(s, 3, false, p), 0);
    assert.equal(await b(readBytes(2, p)), 'HI');
    assert.equal(await b(readBytes(1, p)), 'J');
    testEmpty();
    await go();
    await go();
    await go();
    assert.equal(await b(peekBytes(3, 0, p)), 'KLM');
    assert.equal(await b(peekBytes(2, 1, p)), 'LM');
    assert.equal(await b(peekBytes(1, 2, p)), 'M');
    assert.equal(await b(readBytes(1, p)), 'K');
    assert.equal(await b(readBytes(1, p)), 'L');
    assert.equal(await b(readBytes(1, p)), 'M');
    testEmpty();
  }

  /** file.rktl:1343 `test-a-pipe`. */
  function pipeGo(delay: boolean): [InputPort, () => unknown] {
    const [r, w] = makePipe();
    let counter = 0;
    const go = () => writeByte(65 + counter++, w);
    // `gdelay`: write from a new thread; the test then syncs on the port before peeking.
    return [r, delay ? () => void thread(go) : go];
  }

  it('file.rktl:1352 peeks and reads on a pipe written directly', async () => {
    const [r, go] = pipeGo(false);
    await testAPort(r, go, () => undefined);
  });

  it('file.rktl:1353 peeks and reads on a pipe written by other threads', async () => {
    const [r, go] = pipeGo(true);
    const written = async () => {
      await go();
      await idle();
    };
    await testAPort(r, written, (p) => sync(p));
  });

  it('file.rktl:1402 peeking past the end of a port first gives EOF', async () => {
    for (const end of [60, 50]) {
      const i = await inputOf(Buffer.alloc(50, 65));
      assert.deepEqual([await peekByte(i, end), await peekByte(i, end)], [eof, eof]);
      const j = await inputOf(Buffer.alloc(50, 65));
      assert.deepEqual([await peekBytes(1, end, j), await peekBytes(1, end, j)], [eof, eof]);
    }
  });
});

describe('file.rktl: TCP', () => {
  for (const [line, evt, host, serveHost] of [
    [1981, false, 'localhost', false],
    [1982, true, 'localhost', false],
    [1994, false, '::1', '::1'],
    [1995, true, '::1', '::1'],
    [1998, false, '::1', false],
    [1999, true, '::1', false],
  ] as const) {
    it(`file.rktl:${line} connect to ${host} and accept${evt ? ' with tcp-accept-evt' : ''}`, async () => {
      const l = await tcpListen(0, 5, true, serveHost);
      const pn = tcpAddresses(l, true)[1] as number;
      assert.equal(isTcpAcceptReady(l), false);
      assert.equal(await syncTimeout(0, l as any), false);
      const [r1, w1] = await tcpConnect(host, pn);
      const [r2, w2] = evt ? await sync(tcpAcceptEvt(l)) : await tcpAccept(l);
      const [, lp1, , pp1] = tcpAddresses(r1, true);
      const [, lp2, , pp2] = tcpAddresses(r2, true);
      assert.equal(lp1, pp2);
      assert.equal(pp1, lp2);
      for (const p of [r1, r2, w1, w2]) assert.equal(isTcpPort(p), true);
      await writeString('Hello\n', w1);
      await flushOutput(w1);
      assert.equal(await readLine(r2), 'Hello');
      await tcpAbandonPort(r1);
      await closeOutputPort(w1);
      await closeOutputPort(w2);
      closeInputPort(r2);
      if (evt) assert.equal(await syncTimeout(0, tcpAcceptEvt(l)), false);
      tcpClose(l);
    });
  }

  it('file.rktl:2006 tcp-accept-evt uses the custodian current when it was made', async () => {
    const l = await tcpListen(0, 5, true, '127.0.0.1');
    const port = tcpAddresses(l, true)[1] as number;
    const c = makeCustodian();
    let i: InputPort | undefined;
    const t = thread(async () => {
      const evt = parameterize(currentCustodian, c, () => tcpAcceptEvt(l));
      [i] = await sync(evt);
    });
    const [ci, co] = await tcpConnect('127.0.0.1', port);
    await sync(t);
    custodianShutdownAll(c);
    assert.equal(isPortClosed(i!), true);
    tcpClose(l);
    closeInputPort(ci);
    await closeOutputPort(co);
  });

  it('file.rktl:2023 tcp-accept-evt under a shut-down custodian', async () => {
    const l = await tcpListen(0, 5, true, '127.0.0.1');
    const c = makeCustodian();
    custodianShutdownAll(c);
    try {
      await assert.rejects(
        Promise.resolve().then(() =>
          sync(parameterize(currentCustodian, c, () => tcpAcceptEvt(l))),
        ),
        (e: unknown) =>
          e instanceof ExnFail && /custodian has been shut down/.test((e as Error).message),
      );
    } finally {
      tcpClose(l);
    }
  });

  it('file.rktl:2433 a failed flush discards the buffer: the next flush and the close succeed', async () => {
    // Racket writes to a subprocess that exits; here, to a TCP peer (a plain Node server)
    // that resets the connection when the first bytes arrive.
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const [ci, co] = await tcpConnect('127.0.0.1', port).finally(() => server.close());
    await assert.rejects(async () => {
      for (;;) {
        await writeBytes(Buffer.from('foo'), co);
        await flushOutput(co);
        await idle(1); // let the reset arrive (a flush to the kernel never waits here)
      }
    }, ExnFail);
    try {
      assert.equal(await flushOutput(co), undefined); // the buffer was discarded
      assert.equal(await closeOutputPort(co), undefined);
    } finally {
      closeInputPort(ci);
      await closeOutputPort(co).catch(() => {});
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Evt,
  ExnBreak,
  ExnFail,
  alwaysEvt,
  breakEnabled,
  breakThread,
  closeInputPort,
  closeOutputPort,
  custodianShutdownAll,
  eof,
  eofEvt,
  isByteReady,
  isCharReady,
  isEofObject,
  isInputPort,
  isOutputPort,
  isPort,
  isPortClosed,
  makeCustodian,
  makePipe,
  parameterizeBreak,
  peekByte,
  peekBytes,
  peekBytesAvail,
  peekBytesAvailNowait,
  peekBytesEvt,
  peekBytesInto,
  peekChar,
  portClosedEvt,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesAvailEnableBreak,
  readBytesAvailEvt,
  readBytesAvailNowait,
  readBytesEvt,
  readBytesInto,
  readBytesLine,
  readChar,
  readLine,
  readLineEvt,
  readString,
  sync,
  syncTimeout,
  thread,
  threadWait,
  writeByte,
  writeBytes,
  writeBytesAvail,
  writeBytesAvailEvt,
  writeBytesAvailNowait,
  writeChar,
  writeString,
  newline,
  flushOutput,
} from '../index.js';
import { managePorts } from './manage.js';
import { flush, isPending } from '../test-support/async.js';
import { bytes, text } from '../test-support/bytes.js';
import { raised, watched } from '../test-support/thread.js';
import { assertRejectsExn, assertThrowsExn } from '../test-support/exn-assert.js';

const ROUNDS = 200;

/** Syncs `evt` against `alwaysEvt` `ROUNDS` times; returns the results of the rounds it won. */
async function race<T>(evt: Evt<T>, check?: (won: boolean) => void): Promise<T[]> {
  const won: T[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const r = await sync(evt, alwaysEvt);
    if (r !== alwaysEvt) won.push(r as T);
    check?.(r !== alwaysEvt);
  }
  assert.ok(won.length > 0 && won.length < ROUNDS, `both sides won sometimes (${won.length})`);
  return won;
}

describe('port events that are not chosen read and write nothing', () => {
  it('readBytesEvt', async () => {
    const [i, o] = makePipe();
    await writeBytes(
      new Uint8Array(3 * ROUNDS).map((_, k) => k % 3),
      o,
    );
    const won = await race(readBytesEvt(3, i));
    for (const r of won) assert.deepEqual(r, new Uint8Array([0, 1, 2]));
    assert.equal(i.bufferedBytes, 3 * (ROUNDS - won.length));
  });

  it('readBytesAvailEvt: the bytes change only when it is chosen', async () => {
    const [i, o] = makePipe();
    await writeBytes(new Uint8Array(2 * ROUNDS).fill(7), o);
    const buf = new Uint8Array(2);
    const evt = readBytesAvailEvt(buf, i);
    let consumed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      buf.fill(0);
      const r = await sync(evt, alwaysEvt);
      if (r === alwaysEvt) assert.deepEqual([...buf], [0, 0]);
      else {
        assert.equal(r, 2);
        assert.deepEqual([...buf], [7, 7]);
        consumed += 2;
      }
    }
    assert.ok(consumed > 0 && consumed < 2 * ROUNDS);
    assert.equal(i.bufferedBytes, 2 * ROUNDS - consumed);
  });

  it('readLineEvt (also in return-linefeed mode)', async () => {
    const [i, o] = makePipe();
    await writeString('line\r\n'.repeat(ROUNDS), o);
    const won = await race(readLineEvt(i, 'return-linefeed'));
    for (const r of won) assert.equal(r, 'line');
    assert.equal(i.bufferedBytes, 6 * (ROUNDS - won.length));
    const [j, p] = makePipe();
    await writeString('x\n'.repeat(ROUNDS), p);
    const wonJ = await race(readLineEvt(j));
    assert.equal(j.bufferedBytes, 2 * (ROUNDS - wonJ.length));
  });

  it('peekBytesEvt, eofEvt and the port itself never consume', async () => {
    const [i, o] = makePipe();
    await writeString('abcdef', o);
    for (const r of await race(peekBytesEvt(2, 3, false, i)))
      assert.equal(text(r as Uint8Array), 'de');
    for (const r of await race(i)) assert.equal(r, i);
    assert.equal(await syncTimeout(0, eofEvt(i)), false);
    assert.equal(i.bufferedBytes, 6);
    await closeOutputPort(o);
    assert.equal(await syncTimeout(0, eofEvt(i)), false, 'not at EOF while bytes remain');
    assert.equal(text((await readBytes(6, i)) as Uint8Array), 'abcdef');
    for (const r of await race(eofEvt(i))) assert.equal(r, eof);
    for (const r of await race(peekBytesEvt(1, 0, null, i))) assert.equal(r, eof);
  });

  it('writeBytesAvailEvt and the output port', async () => {
    const [i, o] = makePipe(1000);
    const won = await race(writeBytesAvailEvt(bytes('abc'), o));
    for (const r of won) assert.equal(r, 3);
    assert.equal(i.bufferedBytes, 3 * won.length);
    for (const r of await race(o)) assert.equal(r, o);
    assert.equal(i.bufferedBytes, 3 * won.length);
    // On a full pipe, neither is ready; once room appears, the evt writes what fits.
    const [j, p] = makePipe(2);
    await writeBytes(bytes('xy'), p);
    assert.equal(await syncTimeout(0, p, writeBytesAvailEvt(bytes('abc'), p)), false);
    const w = sync(writeBytesAvailEvt(bytes('abc'), p, 1));
    assert.ok(await isPending(w));
    assert.equal(await readByte(j), 120);
    assert.equal(await w, 1);
    assert.equal(text((await readBytes(2, j)) as Uint8Array), 'yb');
  });

  it('eofEvt and readLineEvt wait for data', async () => {
    const [i, o] = makePipe();
    const e = sync(eofEvt(i));
    const l = sync(readLineEvt(i, 'any'));
    await writeString('ab\r', o);
    assert.ok(await isPending(l));
    await writeString('\r', o);
    assert.equal(await l, 'ab');
    assert.ok(await isPending(e));
    await closeOutputPort(o);
    assert.equal(await sync(readLineEvt(i, 'any')), '');
    assert.equal(await e, eof);
  });
});

describe('predicates and closing', () => {
  it('isPort, isInputPort, isOutputPort, isPortClosed, portClosedEvt', async () => {
    const [i, o] = makePipe();
    assert.ok(isPort(i) && isPort(o) && isInputPort(i) && isOutputPort(o));
    assert.ok(!isInputPort(o) && !isOutputPort(i) && !isPort({}));
    assert.ok(!isPortClosed(i) && !isPortClosed(o));
    const ci = portClosedEvt(i);
    const co = portClosedEvt(o);
    assert.equal(await syncTimeout(0, ci, co), false);
    const wi = sync(ci);
    closeInputPort(i);
    assert.equal(await wi, ci);
    assert.ok(isPortClosed(i));
    assert.equal(await closeOutputPort(o), undefined);
    assert.equal(await sync(co), co);
    closeInputPort(i);
    await closeOutputPort(o);
  });

  it('every read on a closed input port raises Racket’s error', async () => {
    const [i] = makePipe();
    closeInputPort(i);
    const buf = new Uint8Array(2);
    const reads: [string, () => unknown][] = [
      ['read-byte', () => readByte(i)],
      ['peek-byte', () => peekByte(i)],
      ['read-char', () => readChar(i)],
      ['peek-char', () => peekChar(i)],
      ['read-bytes', () => readBytes(1, i)],
      ['peek-bytes', () => peekBytes(1, 0, i)],
      ['read-bytes!', () => readBytesInto(buf, i)],
      ['peek-bytes!', () => peekBytesInto(buf, 0, i)],
      ['read-bytes-avail!', () => readBytesAvail(buf, i)],
      ['read-bytes-avail!/enable-break', () => readBytesAvailEnableBreak(buf, i)],
      ['read-bytes-avail!*', () => readBytesAvailNowait(buf, i)],
      ['peek-bytes-avail!', () => peekBytesAvail(buf, 0, false, i)],
      ['peek-bytes-avail!*', () => peekBytesAvailNowait(buf, 0, false, i)],
      ['read-string', () => readString(1, i)],
      ['read-line', () => readLine(i)],
      ['read-bytes-line', () => readBytesLine(i)],
      ['byte-ready?', () => isByteReady(i)],
      ['byte-ready?', () => isCharReady(i)],
      ['read-bytes-evt', () => sync(readBytesEvt(1, i))],
      ['read-line-evt', () => sync(readLineEvt(i))],
    ];
    for (const [who, read] of reads) {
      await assertRejectsExn(
        async () => read(),
        ExnFail,
        `${who}: input port is closed\n  input port: #<input-port:pipe>`,
      );
    }
    assert.equal(await sync(i), i, 'a closed port is ready as an evt');
  });

  it('every write on a closed output port raises Racket’s error', async () => {
    const [, o] = makePipe();
    await closeOutputPort(o);
    const writes: [string, () => unknown][] = [
      ['write-bytes', () => writeBytes(bytes('a'), o)],
      ['write-byte', () => writeByte(1, o)],
      ['write-char', () => writeChar('λ', o)],
      ['write-string', () => writeString('a', o)],
      ['newline', () => newline(o)],
      ['flush-output', () => flushOutput(o)],
      ['write-bytes-avail', () => writeBytesAvail(bytes('a'), o)],
      ['write-bytes-avail*', () => writeBytesAvailNowait(bytes('a'), o)],
      ['write-bytes-avail-evt', () => writeBytesAvailEvt(bytes('a'), o)],
    ];
    for (const [who, write] of writes) {
      await assertRejectsExn(
        async () => write(),
        ExnFail,
        `${who}: output port is closed\n  output port: #<output-port:pipe>`,
      );
    }
    assertThrowsExn(
      () => writeBytesAvailNowait(bytes('a'), o),
      ExnFail,
      'write-bytes-avail*: output port is closed\n  output port: #<output-port:pipe>',
    );
    assert.equal(await sync(o), o, 'a closed port is ready as an evt');
  });

  it('a thread blocked reading wakes with the error when the port is closed', async () => {
    const [i] = makePipe();
    const { outcome } = watched(() => readBytes(4, i));
    await flush();
    closeInputPort(i);
    const error = raised(await outcome);
    assert.ok(error instanceof ExnFail);
    assert.equal(
      error.message,
      'read-bytes: input port is closed\n  input port: #<input-port:pipe>',
    );
  });

  it('a thread blocked writing wakes with the error when the port is closed by another thread', async () => {
    const [i, o] = makePipe(2);
    const { outcome } = watched(() => writeBytes(bytes('abcdef'), o));
    await flush();
    assert.equal(i.bufferedBytes, 2);
    await closeOutputPort(o);
    const error = raised(await outcome);
    assert.ok(error instanceof ExnFail);
    assert.equal(
      error.message,
      'write-bytes: output port is closed\n  output port: #<output-port:pipe>',
    );
    assert.equal(text((await readBytes(10, i)) as Uint8Array), 'ab');
  });

  it('threads blocked on ports wake with the error when their custodian shuts down', async () => {
    const c = makeCustodian();
    // Pipes belong to no custodian: these are put under one, as a TCP connection's ports are.
    const [[i, o], [i2, o2]] = [makePipe(), makePipe(1)];
    managePorts('test', [i, o, i2, o2], c);
    const messages: string[] = [];
    const catcher = (e: Error) => void messages.push(e.message);
    const readers = [
      thread(() => readLine(i).catch(catcher)),
      thread(() => sync(readBytesEvt(1, i)).catch(catcher)),
      thread(() => writeBytes(bytes('abc'), o2).catch(catcher)),
    ];
    await flush();
    custodianShutdownAll(c);
    for (const t of readers) await threadWait(t);
    assert.deepEqual(messages.sort(), [
      'read-bytes-evt: input port is closed\n  input port: #<input-port:pipe>',
      'read-line: input port is closed\n  input port: #<input-port:pipe>',
      'write-bytes: output port is closed\n  output port: #<output-port:pipe>',
    ]);
    assert.ok([i, o, i2, o2].every(isPortClosed));
    // Output lost at the shutdown: the reader of the other pipe sees EOF after what was written.
    assertThrowsExn(() => readBytesAvailNowait(new Uint8Array(1), i2), ExnFail);
  });
});

describe('breaks', () => {
  it('a blocked read in a break-enabled thread is broken without consuming anything', async () => {
    const [i, o] = makePipe();
    await writeString('abc', o);
    const outcomes: unknown[] = [];
    const attempts: (() => Promise<unknown>)[] = [
      () => readBytes(5, i),
      () => readLine(i),
      () => readString(4, i),
      () => peekBytes(1, 3, i),
      () => sync(readBytesEvt(4, i)),
    ];
    for (const attempt of attempts) {
      const t = thread(async () => {
        breakEnabled(true);
        try {
          outcomes.push(await attempt());
        } catch (e) {
          outcomes.push(e);
        }
      });
      await flush();
      breakThread(t);
      await threadWait(t);
    }
    assert.equal(outcomes.length, attempts.length);
    for (const e of outcomes) assert.ok(e instanceof ExnBreak, String(e));
    assert.equal(i.bufferedBytes, 3);
    await closeOutputPort(o);
    assert.equal(await readString(10, i), 'abc');
  });

  it('readBytesAvailEnableBreak is breakable where breaks are disabled; readBytesAvail is not', async () => {
    const [i, o] = makePipe();
    const buf = new Uint8Array(4);
    let outcome: unknown;
    const t = thread(() =>
      parameterizeBreak(false, async () => {
        try {
          outcome = await readBytesAvailEnableBreak(buf, i);
        } catch (e) {
          outcome = e;
        }
      }),
    );
    await flush();
    breakThread(t);
    await threadWait(t);
    assert.ok(outcome instanceof ExnBreak);
    let got: unknown;
    const u = thread(() =>
      parameterizeBreak(false, async () => {
        got = await readBytesAvail(buf, i);
      }),
    );
    await flush();
    breakThread(u);
    assert.ok(await isPending(threadWait(u)));
    await writeString('zz', o);
    await threadWait(u);
    assert.equal(got, 2);
  });

  it('a broken write stops waiting; later writes still go through in order', async () => {
    const [i, o] = makePipe(2);
    const broken = watched(() => writeBytes(bytes('abcd'), o));
    await flush();
    breakThread(broken.thread);
    assert.ok(raised(await broken.outcome) instanceof ExnBreak);
    const w = writeBytes(bytes('XY'), o);
    assert.equal(text((await readBytes(4, i)) as Uint8Array), 'abXY');
    await w;
  });

  it('a killed writer does not stop later writes', async () => {
    const [i, o] = makePipe(2);
    const { killThread } = await import('../index.js');
    const t = thread(() => writeBytes(bytes('abcd'), o));
    await flush();
    killThread(t);
    const w = writeBytes(bytes('XY'), o);
    const r = readBytes(4, i);
    assert.equal(text((await r) as Uint8Array), 'abXY');
    assert.equal(await w, 2);
    assert.ok(!isEofObject(await syncTimeout(0, i)));
  });
});

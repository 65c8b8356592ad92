/**
 * A failed sink (EPIPE): each later attempt to hand it bytes raises, and discards them, as
 * Racket CS 8.7 does over TCP: a flush with nothing buffered and a write that only buffers
 * succeed (file.rktl:2377). Also pipes: peeks make room in a limited one (port.rktl:619), and
 * a custodian shutdown leaves them open (they belong to none, in Racket 8.7).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type OutputSink,
  OutputPort,
  closeOutputPort,
  currentCustodian,
  custodianShutdownAll,
  makeCustodian,
  parameterize,
  flushOutput,
  isPortClosed,
  makePipe,
  peekBytes,
  peekBytesAvailNowait,
  peekChar,
  readBytes,
  syncTimeout,
  writeBytes,
  writeBytesAvailNowait,
  writeString,
} from '../index.js';
import { ExnFailNetwork } from '../exn/exn.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import { bytes } from '../test-support/bytes.js';

const EPIPE = 'error writing to stream port\n  system error: Broken pipe; errno=32';

/** A sink that fails on its first write, as a socket whose peer reset does. */
function failingPort(mode: 'block' | 'none'): [OutputPort, Uint8Array[]] {
  const written: Uint8Array[] = [];
  const sink: OutputSink = {
    room: () => Infinity,
    write: (chunk) => {
      written.push(chunk);
      port.sinkFailed(new ExnFailNetwork(EPIPE));
    },
    end: () => {},
    abort: () => {},
  };
  const port: OutputPort = new OutputPort('test', sink, mode);
  return [port, written];
}

describe('a failed sink', () => {
  it("raises once per flush of buffered bytes, which it discards (Racket 8.7's sequence)", async () => {
    const [o, written] = failingPort('block');
    assert.equal(await writeString('0123456789', o), 10);
    await flushOutput(o); // the failure is found after the bytes went out
    assert.equal(written.length, 1);
    assert.equal(await writeString('0123456789', o), 10); // only buffered: succeeds
    await assertRejectsExn(flushOutput(o), ExnFailNetwork, EPIPE);
    assert.equal(await writeString('0123456789', o), 10);
    await assertRejectsExn(flushOutput(o), ExnFailNetwork, EPIPE);
    await flushOutput(o); // nothing buffered: succeeds
    assert.equal(written.length, 1, 'nothing more reached the failed sink');
    assert.equal(await writeString('0123456789', o), 10);
    // The close flushes: it raises, and (racket-net's contract) the port is closed all the same.
    await assertRejectsExn(closeOutputPort(o), ExnFailNetwork, EPIPE);
    assert.ok(isPortClosed(o));
    await closeOutputPort(o);
  });

  it('the next flush and the close succeed after a failed flush (file.rktl:2377)', async () => {
    const [o] = failingPort('block');
    await writeString('foo', o);
    await flushOutput(o);
    await writeString('foo', o);
    await assertRejectsExn(flushOutput(o), ExnFailNetwork, EPIPE);
    await flushOutput(o);
    await closeOutputPort(o);
    assert.ok(isPortClosed(o));
  });

  it('an unbuffered write past a failure raises; an empty one does not', async () => {
    const [o] = failingPort('none');
    await writeBytes(bytes('a'), o);
    await assertRejectsExn(writeBytes(bytes('b'), o), ExnFailNetwork, EPIPE);
    assert.equal(await writeBytes(bytes(''), o), 0);
    await closeOutputPort(o);
  });
});

describe('pipes', () => {
  it('peeked bytes do not count against the limit until read (Racket 8.7)', async () => {
    const [i, o] = makePipe(3);
    await writeString('abc', o);
    assert.equal(await syncTimeout(0, o), false);
    assert.equal(text(await peekBytes(1, 0, i)), 'a');
    assert.equal(await syncTimeout(0, o), o);
    assert.equal(writeBytesAvailNowait(bytes('xyz'), o), 1);
    assert.equal(text(await peekBytes(3, 0, i)), 'abc');
    assert.equal(writeBytesAvailNowait(bytes('xyz'), o), 2);
    assert.equal(peekBytesAvailNowait(new Uint8Array(3), 1, false, i), 3);
    assert.equal(writeBytesAvailNowait(bytes('xyz'), o), 1);
    // Reading 2 of the 4 peeked bytes: 2 stay peeked, so the pipe holds 3 + 2.
    assert.equal(text(await readBytes(2, i)), 'ab');
    assert.equal(writeBytesAvailNowait(bytes('123456'), o), 0);
    assert.equal(text(await readBytes(5, i)), 'cxxyx');
    assert.equal(writeBytesAvailNowait(bytes('123456'), o), 3);
  });

  it('a custodian shutdown leaves pipes open: they belong to no custodian (Racket 8.7)', async () => {
    const c = makeCustodian();
    const [i, o] = parameterize(currentCustodian, c, () => makePipe());
    await writeString('abc', o);
    custodianShutdownAll(c);
    assert.ok(![i, o].some(isPortClosed));
    await writeString('d', o);
    assert.equal(text(await readBytes(4, i)), 'abcd');
    // Made under a custodian that is shut down already: as in Racket, a pipe all the same.
    const [i2] = parameterize(currentCustodian, c, () => makePipe());
    assert.equal(isPortClosed(i2), false);
  });

  it('a peek wakes a writer waiting for room', async () => {
    const [i, o] = makePipe(2);
    const writing = writeString('abcd', o);
    assert.equal(await peekChar(i, 1), 'b');
    assert.equal(await writing, 4);
    assert.equal(text(await readBytes(4, i)), 'abcd');
  });
});

const text = (v: unknown): string => Buffer.from(v as Uint8Array).toString('latin1');

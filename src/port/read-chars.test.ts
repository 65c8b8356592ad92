/**
 * `peekString`, `readStringInto` and `racket/port`'s evts `readBytesIntoEvt`, `peekBytesIntoEvt`,
 * `peekBytesAvailEvt`, `readStringEvt`, `readStringIntoEvt`, `peekStringEvt`, `readBytesLineEvt`;
 * results and messages as Racket CS 8.7 gives them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeInputPort,
  closeOutputPort,
  eof,
  makePipe,
  peekBytesAvailEvt,
  peekBytesIntoEvt,
  peekString,
  peekStringEvt,
  readBytesIntoEvt,
  readBytesLineEvt,
  readLine,
  readStringEvt,
  readStringInto,
  readStringIntoEvt,
  sync,
  syncTimeout,
  writeBytes,
  writeString,
} from '../index.js';
import { isPending } from '../test-support/async.js';
import { text } from '../test-support/bytes.js';
import {
  assertContractErrors,
  assertRejectsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { ExnFail } from '../exn/exn.js';

async function pipeOf(s: string, close = true) {
  const [i, o] = makePipe();
  await writeString(s, o);
  if (close) await closeOutputPort(o);
  return [i, o] as const;
}

const [pin] = makePipe();
const CONTRACT_CASES: ContractCase[] = [
  [
    () => peekString('x' as never, 0, pin),
    contractMessage('peek-string', 'exact-nonnegative-integer?', '"x"'),
    'rejects',
  ],
  [
    () => peekString(1, -1, pin),
    contractMessage('peek-string', 'exact-nonnegative-integer?', '-1'),
    'rejects',
  ],
  [
    () => peekString(1, 0, 5 as never),
    contractMessage('peek-string', 'input-port?', '5'),
    'rejects',
  ],
  [
    () => readStringInto('abc' as never, pin),
    contractMessage('read-string!', 'string?', '"abc"'),
    'rejects',
  ],
  [
    () => readStringInto([], 5 as never),
    contractMessage('read-string!', 'input-port?', '5'),
    'rejects',
  ],
  [
    () => readStringInto([...'-hél--'], pin, 7),
    'read-string!: starting index is out of range\n  starting index: 7\n  valid range: [0, 6]\n  byte string: "-hél--"',
    'rejects',
  ],
  [
    () => readStringInto([...'-hél--'], pin, 2, 1),
    'read-string!: ending index is smaller than starting index\n  ending index: 1\n  starting index: 2\n  valid range: [0, 6]\n  byte string: "-hél--"',
    'rejects',
  ],
  [
    () => readBytesIntoEvt(5 as never, pin),
    contractMessage('read-bytes!-evt', 'mutable-bytes?', '5'),
  ],
  [
    () => readBytesIntoEvt(new Uint8Array(2), 5 as never),
    contractMessage('read-bytes!-evt', 'input-port?', '5'),
  ],
  [
    () => peekBytesIntoEvt(new Uint8Array(2), -1, false, pin),
    contractMessage('peek-bytes!-evt', 'exact-nonnegative-integer?', '-1'),
  ],
  [
    () => peekBytesIntoEvt(new Uint8Array(2), 0, 5 as never, pin),
    contractMessage('peek-bytes!-evt', '(or/c #f progress-evt?)', '5'),
  ],
  [
    () => peekBytesAvailEvt(new Uint8Array(2), 0, 5 as never, pin),
    contractMessage('peek-bytes-avail!-evt', '(or/c #f progress-evt?)', '5'),
  ],
  [
    () => readStringEvt(-1, pin),
    contractMessage('read-string-evt', 'exact-nonnegative-integer?', '-1'),
  ],
  [
    () => readStringIntoEvt('ab' as never, pin),
    contractMessage('read-string!-evt', 'mutable-string?', '"ab"'),
  ],
  [
    () => peekStringEvt(1, 'x' as never, false, pin),
    contractMessage('peek-string-evt', 'exact-nonnegative-integer?', '"x"'),
  ],
  [
    () => readBytesLineEvt(pin, 'foo' as never),
    contractMessage(
      'read-bytes-line-evt',
      "(or/c 'linefeed 'return 'return-linefeed 'any 'any-one)",
      '"foo"',
    ),
  ],
  [() => readBytesLineEvt(5 as never), contractMessage('read-bytes-line-evt', 'input-port?', '5')],
];

describe('peekString and readStringInto', () => {
  it('check their arguments as Racket does', () => assertContractErrors(CONTRACT_CASES));

  it('peek characters after `skip` bytes, consuming nothing (Racket 8.7)', async () => {
    const [i] = await pipeOf('héllo wörld\n');
    assert.equal(await peekString(3, 0, i), 'hél');
    // Two bytes in is the middle of "é": its second byte reads as U+FFFD.
    assert.equal(await peekString(3, 2, i), '\uFFFDll');
    assert.equal(await peekString(3, 1, i), 'éll');
    assert.equal(await peekString(0, 0, i), '');
    assert.equal(await peekString(100, 7, i), 'wörld\n');
    assert.equal(await peekString(1, 100, i), eof);
    assert.equal(await readLine(i), 'héllo wörld');
  });

  it('readStringInto fills the range and counts characters (Racket 8.7)', async () => {
    const [i] = await pipeOf('héllo');
    const chars = [...'------'];
    assert.equal(await readStringInto(chars, i, 1, 4), 3);
    assert.equal(chars.join(''), '-hél--');
    assert.equal(await readStringInto([], i), 0);
    assert.equal(await readStringInto(chars, i), 2);
    assert.equal(chars.join(''), 'loél--');
    assert.equal(await readStringInto(chars, i), eof);
  });

  it('waits for all the characters, and a peek waits without consuming', async () => {
    const [i, o] = makePipe();
    const chars = [...'...'];
    const reading = readStringInto(chars, i);
    const peeking = peekString(2, 0, i);
    await writeString('a€', o);
    assert.equal(await peeking, 'a€');
    assert.ok(await isPending(reading));
    await writeString('b', o);
    assert.equal(await reading, 3);
    assert.equal(chars.join(''), 'a€b');
    closeInputPort(i);
    await assertRejectsExn(
      peekString(1, 0, i),
      ExnFail,
      'peek-string: input port is closed\n  input port: #<input-port:pipe>',
    );
  });
});

describe("racket/port's string and into evts", () => {
  it('peek-bytes!-evt and read-bytes!-evt fill the byte string (portlib.rktl:512)', async () => {
    const [p] = await pipeOf('hello');
    const s = new Uint8Array(5);
    assert.equal(await sync(peekBytesIntoEvt(s, 0, false, p)), 5);
    assert.equal(await sync(peekBytesIntoEvt(s, 2, false, p)), 3);
    assert.equal(text(s), 'llolo');
    assert.equal(await sync(peekBytesAvailEvt(s, 4, null, p)), 1);
    assert.equal(text(s), 'ololo');
    assert.equal(await sync(readBytesIntoEvt(s, p)), 5);
    assert.equal(text(s), 'hello');
    assert.equal(await sync(readBytesIntoEvt(s, p)), eof);
    assert.equal(await sync(readBytesIntoEvt(new Uint8Array(0), p)), 0);
  });

  it('are ready only when all is there; one not chosen reads nothing', async () => {
    const [i, o] = makePipe();
    await writeString('ab', o);
    const s = new Uint8Array(3);
    assert.equal(await syncTimeout(0, readBytesIntoEvt(s, i), readStringEvt(3, i)), false);
    assert.equal(await syncTimeout(0, readStringIntoEvt([...'xyz'], i)), false);
    assert.equal(await syncTimeout(0, readBytesLineEvt(i)), false);
    assert.equal(await sync(peekStringEvt(2, 0, false, i)), 'ab');
    await writeString('c\nd', o);
    assert.equal(await sync(readStringEvt(2, i)), 'ab');
    const chars = [...'..'];
    assert.equal(await sync(readStringIntoEvt(chars, i)), 2);
    assert.deepEqual(chars, ['c', '\n']);
    await closeOutputPort(o);
    assert.equal(text((await sync(readBytesLineEvt(i, 'any'))) as Uint8Array), 'd');
    assert.equal(await sync(readBytesLineEvt(i)), eof);
    assert.equal(await sync(readStringEvt(1, i)), eof);
    assert.equal(await sync(readStringIntoEvt(chars, i)), eof);
    assert.equal(await sync(peekStringEvt(1, 0, false, i)), eof);
  });

  it('read-string-evt decodes UTF-8 across writes; a closed port raises when polled', async () => {
    const [i, o] = makePipe();
    const euro = Buffer.from('€', 'utf8');
    const reading = sync(readStringEvt(1, i));
    await writeBytes(euro, o, 0, 2);
    assert.ok(await isPending(reading), 'a cut-off character is not ready');
    await writeBytes(euro, o, 2, 3);
    assert.equal(await reading, '€');
    const pending = sync(readStringEvt(1, i));
    closeInputPort(i);
    await assertRejectsExn(
      pending,
      ExnFail,
      'read-string-evt: input port is closed\n  input port: #<input-port:pipe>',
    );
  });
});

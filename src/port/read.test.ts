import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type InputPort,
  type LineMode,
  closeOutputPort,
  eof,
  isByteReady,
  isCharReady,
  isEofObject,
  makePipe,
  peekByte,
  peekBytes,
  peekBytesAvail,
  peekBytesAvailNowait,
  peekBytesInto,
  peekChar,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesAvailEnableBreak,
  readBytesAvailNowait,
  readBytesInto,
  readBytesLine,
  readChar,
  readLine,
  readString,
  writeBytes,
  writeString,
} from '../index.js';
import fc from 'fast-check';
import { isPending } from '../test-support/async.js';
import { bytes, text } from '../test-support/bytes.js';
import {
  assertContractErrors,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { pipeWith } from '../test-support/pipe.js';

async function readAllLines(
  i: InputPort,
  mode: LineMode,
  bytesLine = false,
): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (;;) {
    const line = bytesLine ? await readBytesLine(i, mode) : await readLine(i, mode);
    if (isEofObject(line)) return out;
    out.push(typeof line === 'string' ? line : text(line));
  }
}

describe('reading bytes', () => {
  it('readByte, peekByte (with skip) and EOF that stays', async () => {
    const [i] = await pipeWith('ab');
    assert.equal(await peekByte(i), 97);
    assert.equal(await peekByte(i, 1), 98);
    assert.equal(await peekByte(i, 2), eof);
    assert.equal(await readByte(i), 97);
    assert.equal(await readByte(i), 98);
    for (let k = 0; k < 3; k++) {
      assert.equal(await readByte(i), eof);
      assert.equal(await peekByte(i), eof);
      assert.equal(await readBytes(4, i), eof);
      assert.equal(await readLine(i), eof);
      assert.equal(await readChar(i), eof);
    }
  });

  it('peekByte and readByte across many chunks, and a readByte that waits', async () => {
    const [i, o] = makePipe();
    for (const c of 'xyz') await writeBytes(bytes(c), o);
    assert.equal(await peekByte(i, 2), 122);
    assert.equal(await peekByte(i, 1), 121);
    assert.equal(await readByte(i), 120);
    assert.equal(await peekByte(i, 1), 122);
    assert.equal(await readByte(i), 121);
    assert.equal(await readByte(i), 122);
    const peeking = peekByte(i, 1);
    await writeBytes(bytes('p'), o);
    await writeBytes(bytes('q'), o);
    assert.equal(await peeking, 113);
    assert.equal(await readByte(i), 112);
    assert.equal(await readByte(i), 113);
    const waiting = readByte(i);
    await writeBytes(bytes('r'), o);
    assert.equal(await waiting, 114);
    await closeOutputPort(o);
    assert.equal(await readByte(i), eof);
  });

  it('readBytes waits for all it asks for, returns fewer only at EOF', async () => {
    const [i, o] = makePipe();
    await writeBytes(bytes('abc'), o);
    const p = readBytes(5, i);
    assert.ok(await isPending(p));
    assert.equal(i.bufferedBytes, 3, 'a waiting read consumes nothing');
    await writeBytes(bytes('defg'), o);
    assert.equal(text(await p), 'abcde');
    const q = readBytes(5, i);
    assert.ok(await isPending(q));
    await closeOutputPort(o);
    assert.equal(text(await q), 'fg');
    assert.equal(await readBytes(5, i), eof);
    assert.deepEqual(await readBytes(0, i), new Uint8Array(0));
  });

  it('readBytesInto fills [start, end); peekBytesInto does not consume', async () => {
    const [i, o] = makePipe();
    await writeBytes(bytes('hello world'), o);
    const buf = bytes('..........');
    assert.equal(await peekBytesInto(buf, 6, i, 2, 5), 3);
    assert.equal(text(buf), '..wor.....');
    assert.equal(await readBytesInto(buf, i, 1, 4), 3);
    assert.equal(text(buf), '.helr.....');
    assert.equal(await readBytesInto(buf, i, 0, 8), 8);
    assert.equal(text(buf), 'lo world..');
    const p = readBytesInto(buf, i, 0, 2);
    assert.ok(await isPending(p));
    await writeBytes(bytes('X'), o);
    assert.ok(await isPending(p));
    await closeOutputPort(o);
    assert.equal(await p, 1);
    assert.equal(await readBytesInto(buf, i), eof);
    assert.equal(await peekBytesInto(buf, 0, i), eof);
    assert.equal(await readBytesInto(buf, i, 3, 3), 0);
  });

  it('readBytesAvail returns what is there (at least one byte), waiting only when empty', async () => {
    const [i, o] = makePipe();
    await writeBytes(bytes('ab'), o);
    await writeBytes(bytes('cd'), o);
    const buf = new Uint8Array(10);
    assert.equal(await readBytesAvail(buf, i, 0, 3), 3);
    assert.equal(text(buf.subarray(0, 3)), 'abc');
    assert.equal(await readBytesAvail(buf, i), 1);
    assert.equal(buf[0], 100);
    const p = readBytesAvail(buf, i, 5);
    assert.ok(await isPending(p));
    await writeBytes(bytes('xyz'), o);
    assert.equal(await p, 3);
    assert.equal(text(buf.subarray(5, 8)), 'xyz');
    await closeOutputPort(o);
    assert.equal(await readBytesAvail(buf, i), eof);
    assert.equal(await readBytesAvailEnableBreak(buf, i), eof);
  });

  it('readBytesAvailEnableBreak reads like readBytesAvail', async () => {
    const [i, o] = makePipe();
    const buf = new Uint8Array(4);
    const p = readBytesAvailEnableBreak(buf, i, 1, 3);
    assert.ok(await isPending(p));
    await writeBytes(bytes('wxyz'), o);
    assert.equal(await p, 2);
    assert.deepEqual([...buf], [0, 119, 120, 0]);
  });

  it('readBytesAvailNowait never waits: 0 when empty, EOF at the end', async () => {
    const [i, o] = makePipe();
    const buf = new Uint8Array(4);
    assert.equal(readBytesAvailNowait(buf, i), 0);
    await writeBytes(bytes('abcdef'), o);
    assert.equal(readBytesAvailNowait(buf, i, 2), 2);
    assert.equal(text(buf.subarray(2)), 'ab');
    assert.equal(readBytesAvailNowait(buf, i), 4);
    assert.equal(text(buf), 'cdef');
    assert.equal(readBytesAvailNowait(buf, i), 0);
    await closeOutputPort(o);
    assert.equal(readBytesAvailNowait(buf, i), eof);
    assert.equal(readBytesAvailNowait(buf, i), eof);
  });

  it('peekBytes, peekBytesAvail and peekBytesAvailNowait take Racket’s argument order', async () => {
    const [i, o] = makePipe();
    await writeBytes(bytes('0123'), o);
    await writeBytes(bytes('456789'), o);
    assert.equal(text(await peekBytes(4, 2, i)), '2345');
    const buf = bytes('______');
    assert.equal(await peekBytesAvail(buf, 7, false, i, 1), 3);
    assert.equal(text(buf), '_789__');
    assert.equal(await peekBytesAvail(buf, 0, null, i, 0, 2), 2);
    assert.equal(text(buf), '0189__');
    assert.equal(peekBytesAvailNowait(buf, 8, false, i, 4, 6), 2);
    assert.equal(text(buf), '018989');
    assert.equal(peekBytesAvailNowait(buf, 10, false, i), 0, 'nothing past the skip yet');
    const p = peekBytesAvail(buf, 10, false, i);
    const q = peekBytes(2, 9, i);
    assert.ok(await isPending(p));
    assert.ok(await isPending(q));
    await writeBytes(bytes('AB'), o);
    assert.equal(await p, 2);
    assert.equal(text(await q), '9A');
    assert.equal(i.bufferedBytes, 12, 'peeks consume nothing');
    await closeOutputPort(o);
    assert.equal(await peekBytesAvail(buf, 12, false, i), eof);
    assert.equal(peekBytesAvailNowait(buf, 12, false, i), eof);
    assert.equal(text(await peekBytes(5, 10, i)), 'AB');
    assert.equal(await peekBytes(5, 12, i), eof);
    assert.equal(text(await readBytes(20, i)), '0123456789AB');
  });

  it('isByteReady is true with data or at EOF', async () => {
    const [i, o] = makePipe();
    assert.equal(isByteReady(i), false);
    await writeBytes(bytes('x'), o);
    assert.equal(isByteReady(i), true);
    await readByte(i);
    assert.equal(isByteReady(i), false);
    await closeOutputPort(o);
    assert.equal(isByteReady(i), true);
  });
});

describe('reading characters (UTF-8 as Racket decodes it)', () => {
  it('readChar and peekChar decode multi-byte characters', async () => {
    const [i] = await pipeWith(Buffer.from('aλ€😀', 'utf8'));
    assert.equal(await peekChar(i), 'a');
    assert.equal(await peekChar(i, 1), 'λ');
    assert.equal(await peekChar(i, 3), '€');
    assert.equal(await readChar(i), 'a');
    assert.equal(await readChar(i), 'λ');
    assert.equal(await readChar(i), '€');
    assert.equal(await readChar(i), '😀');
    assert.equal(await readChar(i), eof);
  });

  it('a character split across writes decodes whole', async () => {
    const [i, o] = makePipe();
    const smile = Buffer.from('😀', 'utf8');
    await writeBytes(smile.subarray(0, 1), o);
    assert.equal(isCharReady(i), false);
    assert.equal(isByteReady(i), true);
    const p = readChar(i);
    assert.ok(await isPending(p));
    await writeBytes(smile.subarray(1, 3), o);
    assert.ok(await isPending(p));
    assert.equal(isCharReady(i), false);
    await writeBytes(smile.subarray(3), o);
    assert.equal(await p, '😀');
    // The same through readString and readLine.
    const all = Buffer.from('añ€😀\n', 'utf8');
    const s = readString(4, i);
    const l = (async () => {
      await s;
      return readLine(i);
    })();
    for (const byte of all) await writeBytes(Uint8Array.of(byte), o);
    assert.equal(await s, 'añ€😀');
    assert.equal(await l, '');
    await writeBytes(Uint8Array.of(0xc3), o);
    assert.equal(isCharReady(i), false);
    await writeBytes(Uint8Array.of(0xa9), o);
    assert.equal(isCharReady(i), true);
    assert.equal(await readChar(i), 'é');
  });

  it('invalid bytes read as one U+FFFD each', async () => {
    const cases: [number[], string][] = [
      [[0xe2, 0x82, 0x61], '\ufffd\ufffda'],
      [[0xff, 0x41], '\ufffdA'],
      [[0x80, 0x80], '\ufffd\ufffd'],
      [[0xc0, 0x80], '\ufffd\ufffd'],
      [[0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'],
      [[0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'],
      [[0xe0, 0x80, 0x80], '\ufffd\ufffd\ufffd'],
      [[0xf0, 0x9f, 0x98], '\ufffd\ufffd\ufffd'],
      [[0x61, 0xc3], 'a\ufffd'],
      [[0xef, 0xbb, 0xbf, 0x62], '\ufeffb'],
    ];
    for (const [seq, expected] of cases) {
      let [i] = await pipeWith(Uint8Array.of(...seq));
      assert.equal(await readString(100, i), expected, `readString ${seq}`);
      [i] = await pipeWith(Uint8Array.of(...seq));
      let chars = '';
      for (let c = await readChar(i); !isEofObject(c); c = await readChar(i)) chars += c;
      assert.equal(chars, expected, `readChar ${seq}`);
      [i] = await pipeWith(Uint8Array.of(...seq, 0x0a, ...seq));
      assert.deepEqual(await readAllLines(i, 'linefeed'), [expected, expected], `readLine ${seq}`);
    }
  });

  it('an invalid byte decodes at once; a valid prefix waits for more or for EOF', async () => {
    const [i, o] = makePipe();
    await writeBytes(Uint8Array.of(0xe2, 0x82), o);
    assert.equal(await peekChar(i, 1), '\ufffd', 'a lone continuation byte is invalid at once');
    const p = readChar(i);
    assert.ok(await isPending(p));
    await closeOutputPort(o);
    assert.equal(await p, '\ufffd');
    assert.equal(await readChar(i), '\ufffd');
    assert.equal(await readChar(i), eof);
  });

  it('readString waits for all its characters, gives fewer at EOF', async () => {
    const [i, o] = makePipe();
    await writeString('héllo', o);
    assert.equal(await readString(2, i), 'hé');
    const p = readString(5, i);
    assert.ok(await isPending(p));
    await writeString('!', o);
    await closeOutputPort(o);
    assert.equal(await p, 'llo!');
    assert.equal(await readString(1, i), eof);
    assert.equal(await readString(0, i), '');
  });
});

describe('lines', () => {
  const data = 'a\rb\nc\r\nd\n\re\r\r\nf';
  const expected: Record<LineMode, string[]> = {
    linefeed: ['a\rb', 'c\r', 'd', '\re\r\r', 'f'],
    return: ['a', 'b\nc', '\nd\n', 'e', '', '\nf'],
    'return-linefeed': ['a\rb\nc', 'd\n\re\r', 'f'],
    any: ['a', 'b', 'c', 'd', '', 'e', '', 'f'],
    'any-one': ['a', 'b', 'c', '', 'd', '', 'e', '', '', 'f'],
  };
  for (const mode of Object.keys(expected) as LineMode[]) {
    it(`readLine and readBytesLine in '${mode}' mode`, async () => {
      let [i] = await pipeWith(data);
      assert.deepEqual(await readAllLines(i, mode), expected[mode]);
      [i] = await pipeWith(data);
      assert.deepEqual(await readAllLines(i, mode, true), expected[mode]);
      // The same bytes arriving one at a time.
      const [j, o] = makePipe();
      const lines = readAllLines(j, mode);
      for (const byte of bytes(data)) await writeBytes(Uint8Array.of(byte), o);
      await closeOutputPort(o);
      assert.deepEqual(await lines, expected[mode]);
      // The same bytes all queued before the first read, one chunk each.
      const [k, p] = makePipe();
      for (const byte of bytes(data)) await writeBytes(Uint8Array.of(byte), p);
      await closeOutputPort(p);
      assert.deepEqual(await readAllLines(k, mode), expected[mode]);
    });
  }

  it('lines and characters spread over many small chunks read whole', async () => {
    const [i, o] = makePipe();
    const line = 'é'.repeat(3000) + '€ done';
    for (const byte of Buffer.from(`${line}\r\n${line}`)) await writeBytes(Uint8Array.of(byte), o);
    await closeOutputPort(o);
    assert.equal(await readLine(i, 'return-linefeed'), line);
    assert.equal(await readString(3001, i), 'é'.repeat(3000) + '€');
    assert.equal(await readChar(i), ' ');
    assert.equal(await readString(10, i), 'done');
    assert.equal(await readChar(i), eof);
  });

  it('any bytes in any chunks read as the lines a one-byte-at-a-time reference finds', async () => {
    // The reference: Racket's rule for each mode, one byte at a time, with EOF at the end.
    const reference = (seq: number[], mode: LineMode): string[] => {
      const lines: string[] = [];
      let line: number[] = [];
      for (let k = 0; k < seq.length; k++) {
        const byte = seq[k]!;
        const next = seq[k + 1];
        let sep = 0;
        if (byte === 10 && mode !== 'return' && mode !== 'return-linefeed') sep = 1;
        if (byte === 13) {
          if (mode === 'return' || mode === 'any-one') sep = 1;
          if ((mode === 'return-linefeed' || mode === 'any') && next === 10) sep = 2;
          else if (mode === 'any') sep = 1;
        }
        if (sep === 0) line.push(byte);
        else {
          lines.push(text(Uint8Array.of(...line)));
          line = [];
          k += sep - 1;
        }
      }
      if (line.length > 0) lines.push(text(Uint8Array.of(...line)));
      return lines;
    };
    const modes: LineMode[] = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(10, 13, 97, 98), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(...modes),
        async (seq, cuts, mode) => {
          const [i, o] = makePipe();
          for (let at = 0, c = 0; at < seq.length; c++) {
            const n = cuts[c % cuts.length]!;
            await writeBytes(Uint8Array.of(...seq.slice(at, at + n)), o);
            at += n;
          }
          await closeOutputPort(o);
          assert.deepEqual(
            await readAllLines(i, mode, cuts.length % 2 === 1),
            reference(seq, mode),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('readLine defaults to linefeed; a line without separator ends at EOF', async () => {
    const [i] = await pipeWith('one\r\ntwo');
    assert.equal(await readLine(i), 'one\r');
    assert.equal(await readLine(i), 'two');
    assert.equal(await readLine(i), eof);
  });

  for (const mode of ['any', 'return-linefeed'] as const) {
    it(`'${mode}': a CR at the end of the buffered data waits for the next byte`, async () => {
      const [i, o] = makePipe();
      await writeBytes(bytes('ab\r'), o);
      const p = readLine(i, mode);
      assert.ok(await isPending(p));
      assert.equal(i.bufferedBytes, 3);
      await writeBytes(bytes('\ncd\r'), o);
      assert.equal(await p, 'ab');
      const q = readBytesLine(i, mode);
      assert.ok(await isPending(q));
      await writeBytes(bytes('x'), o);
      if (mode === 'any') {
        assert.equal(text(await q), 'cd');
      } else {
        assert.ok(await isPending(q), 'CR without LF is no separator');
        await writeBytes(bytes('\r'), o);
        assert.ok(await isPending(q));
        await closeOutputPort(o);
        assert.equal(text(await q), 'cd\rx\r');
        return;
      }
      await writeBytes(bytes('\r'), o);
      const r = readLine(i, mode);
      assert.ok(await isPending(r));
      await closeOutputPort(o);
      assert.equal(await r, 'x', 'EOF decides: the CR alone ends the line');
      assert.equal(await readLine(i, mode), eof);
    });
  }
});

/** The port the contract cases read from: it holds `abc`, which none of them may consume. */
let abc: InputPort;

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [
    () => peekBytesAvail(bytes('______'), 0, 5 as never, abc),
    contractMessage('peek-bytes-avail!', '(or/c #f progress-evt?)', '5'),
    'rejects',
  ],
  [
    () => readLine(abc, 'crlf' as LineMode),
    contractMessage(
      'read-line',
      "(or/c 'linefeed 'return 'return-linefeed 'any 'any-one)",
      '"crlf"',
    ),
    'rejects',
  ],
  [
    () => readBytes(-1, abc),
    contractMessage('read-bytes', 'exact-nonnegative-integer?', '-1'),
    'rejects',
  ],
  [
    () => readBytes(1, 'x' as never),
    contractMessage('read-bytes', 'input-port?', '"x"'),
    'rejects',
  ],
  [
    () => readBytesInto(new Uint8Array(3), abc, 4),
    'read-bytes!: starting index is out of range\n  starting index: 4\n  valid range: [0, 3]\n  byte string: #"\\0\\0\\0"',
    'rejects',
  ],
  [
    () => readBytesAvail(new Uint8Array(3), abc, 2, 1),
    'read-bytes-avail!: ending index is smaller than starting index\n  ending index: 1\n  starting index: 2\n  valid range: [0, 3]\n  byte string: #"\\0\\0\\0"',
    'rejects',
  ],
  [
    () => readBytesAvailNowait(new Uint8Array(3), abc, 0, 9),
    'read-bytes-avail!*: ending index is out of range\n  ending index: 9\n  valid range: [0, 3]\n  byte string: #"\\0\\0\\0"',
  ],
  [
    () => peekBytesAvailNowait(new Uint8Array(1), -2, false, abc),
    contractMessage('peek-bytes-avail!*', 'exact-nonnegative-integer?', '-2'),
  ],
];

describe('argument checks', () => {
  it('raise contract errors before reading anything', async () => {
    [abc] = await pipeWith('abc');
    await assertContractErrors(CONTRACT_CASES);
    assert.equal(text(await readBytes(5, abc)), 'abc');
  });
});

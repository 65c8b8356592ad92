/**
 * Differential tests: the same pipe scenarios run in Racket CS and in racket-net, printing the
 * same observations (one per line), which must agree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type InputPort,
  type LineMode,
  closeInputPort,
  closeOutputPort,
  isCharReady,
  isEofObject,
  makePipe,
  peekBytes,
  peekBytesAvail,
  peekBytesAvailNowait,
  peekChar,
  readBytes,
  readBytesAvailNowait,
  readBytesInto,
  readBytesLine,
  readChar,
  readLine,
  readString,
  writeBytes,
  writeBytesAvailNowait,
  writeString,
  fileStreamBufferMode,
  portToString,
} from '../index.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';
import { pipeWith } from '../test-support/pipe.js';
import { Log, PORT_DIFF_PRELUDE as PRELUDE } from '../test-support/port-diff.js';

const SEQUENCES: number[][] = [
  [0xe2, 0x82, 0x61],
  [0xe2, 0x82, 0xac, 0x62],
  [0xf4, 0x90, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xc0, 0x80, 0x41],
  [0xc1, 0xbf],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xf0, 0x9f, 0x98],
  [0xe0, 0x80, 0x80],
  [0xe0, 0xa0, 0x80],
  [0xf5, 0x80],
  [0xff, 0xfe, 0x0a, 0x41],
  [0xef, 0xbb, 0xbf],
  [0x61, 0xc3],
  [0xc3, 0x0d, 0x0a, 0xa9],
  [0xf0, 0x80, 0x80, 0x80],
  [0xf4, 0x8f, 0xbf, 0xbf],
];
const racketBytes = (seq: number[]): string => '(bytes ' + seq.map(String).join(' ') + ')';

describe('differential: racket-net pipes vs Racket CS', { skip: skipWithoutRacket() }, () => {
  it('UTF-8 decoding of tricky byte sequences', async () => {
    let racket = PRELUDE;
    const log = new Log();
    for (const seq of SEQUENCES) {
      racket += `
(let-values ([(i o) (pipe-with ${racketBytes(seq)} #t)]) (obs (read-string 100 i)))
(let-values ([(i o) (pipe-with ${racketBytes(seq)} #t)])
  (let loop () (define c (read-char i)) (obs c) (unless (eof-object? c) (loop))))
(let-values ([(i o) (pipe-with ${racketBytes(seq)} #t)]) (obs (read-line i 'any)) (obs (read-line i 'any)))
(let-values ([(i o) (pipe-with ${racketBytes(seq)} #t)]) (obs (peek-char i 1)) (obs (port->string i)))
(let-values ([(i o) (pipe-with ${racketBytes([...seq, 0x7a])} #f)]) (obs (read-string 1 i)) (obs (char-ready? i)) (obs (peek-char i)))
`;
      const bytes = new Uint8Array(seq);
      let [i] = await pipeWith(bytes, true);
      await log.obs(() => readString(100, i));
      [i] = await pipeWith(bytes, true);
      for (;;) {
        const c = await readChar(i);
        await log.obs(() => c);
        if (isEofObject(c)) break;
      }
      [i] = await pipeWith(bytes, true);
      await log.obs(() => readLine(i, 'any'));
      await log.obs(() => readLine(i, 'any'));
      [i] = await pipeWith(bytes, true);
      await log.obs(() => peekChar(i, 1));
      await log.obs(() => portToString(i));
      // Not closed, but ended by a "z": every character decides without EOF.
      [i] = await pipeWith(new Uint8Array([...seq, 0x7a]), false);
      await log.obs(() => readString(1, i));
      await log.obs(() => isCharReady(i));
      await log.obs(() => peekChar(i));
    }
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it('read-line and read-bytes-line in every mode', async () => {
    const inputs = ['a\rb\nc\r\nd\n\re\r\r\nf', '\r\n\r\n', 'x\r', '\n\r', 'no newline', ''];
    const modes: LineMode[] = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];
    let racket = PRELUDE;
    const log = new Log();
    for (const input of inputs) {
      const bytes = new Uint8Array(Buffer.from(input, 'latin1'));
      for (const mode of modes) {
        for (const fn of ['read-line', 'read-bytes-line']) {
          racket += `(let-values ([(i o) (pipe-with ${racketBytes([...bytes])} #t)])
  (let loop () (define l (${fn} i '${mode})) (obs l) (unless (eof-object? l) (loop))))\n`;
          const [i] = await pipeWith(bytes, true);
          for (;;) {
            const l = fn === 'read-line' ? await readLine(i, mode) : await readBytesLine(i, mode);
            await log.obs(() => l);
            if (isEofObject(l)) break;
          }
        }
      }
    }
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it('peeks and reads interleaved, EOF that stays', async () => {
    const racket =
      PRELUDE +
      `
(define-values (i o) (make-pipe))
(void (write-bytes #"hello world" o))
(obs (peek-bytes 3 2 i))
(obs (read-bytes 2 i))
(define buf (make-bytes 6 46))
(obs (peek-bytes-avail!* buf 3 #f i 1 4))
(obs buf)
(obs (read-bytes-avail!* buf i 2))
(obs buf)
(obs (peek-bytes-avail!* buf 20 #f i))
(obs (peek-bytes-avail! buf 0 #f i 0 0))
(void (write-bytes #"!\\r\\n" o))
(close-output-port o)
(obs (peek-bytes 10 0 i))
(obs (read-bytes-line i 'return-linefeed))
(obs (peek-bytes-avail!* buf 0 #f i))
(obs (read-bytes 5 i))
(obs (read-bytes! buf i))
(obs (read-line i))
(obs (peek-char i))
(obs (read-bytes 0 i))
(obs (read-string 0 i))
`;
    const log = new Log();
    const [i, o] = makePipe();
    await writeBytes(new Uint8Array(Buffer.from('hello world')), o);
    await log.obs(() => peekBytes(3, 2, i));
    await log.obs(() => readBytes(2, i));
    const buf = new Uint8Array(6).fill(46);
    await log.obs(() => peekBytesAvailNowait(buf, 3, false, i, 1, 4));
    await log.obs(() => buf);
    await log.obs(() => readBytesAvailNowait(buf, i, 2));
    await log.obs(() => buf);
    await log.obs(() => peekBytesAvailNowait(buf, 20, false, i));
    await log.obs(() => peekBytesAvail(buf, 0, false, i, 0, 0));
    await writeString('!\r\n', o);
    await closeOutputPort(o);
    await log.obs(() => peekBytes(10, 0, i));
    await log.obs(() => readBytesLine(i, 'return-linefeed'));
    await log.obs(() => peekBytesAvailNowait(buf, 0, false, i));
    await log.obs(() => readBytes(5, i));
    await log.obs(() => readBytesInto(buf, i));
    await log.obs(() => readLine(i));
    await log.obs(() => peekChar(i));
    await log.obs(() => readBytes(0, i));
    await log.obs(() => readString(0, i));
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it('contract violations, range errors and closed-port errors', async () => {
    const racket =
      PRELUDE +
      `
(define-values (i o) (make-pipe 3))
(obs (read-bytes! (make-bytes 3) i 4))
(obs (read-bytes! (make-bytes 3) i 0 5))
(obs (read-bytes! (make-bytes 3) i 2 1))
(obs (read-bytes! #"abc" 5))
(obs (read-bytes -1 i))
(obs (read-bytes 1.5 i))
(obs (write-bytes #"abc" o 4))
(obs (write-bytes #"abc" o 1 7))
(obs (write-bytes "abc" o))
(obs (write-string "abc" o 2 1))
(obs (peek-bytes-avail! (make-bytes 2) 0 #f i 3))
(obs (peek-bytes-avail! (make-bytes 2) -1 #f i))
(obs (peek-bytes-avail! (make-bytes 2) 0 #f i 1 0))
(obs (peek-bytes-avail!* (make-bytes 2) 0 #f o))
(obs (write-bytes-avail* #"abcde" o))
(obs (write-bytes-avail* #"abcde" o))
(obs (write-bytes-avail* #"abcde" o 1 1))
(obs (read-bytes 2 i))
(obs (write-bytes-avail* #"abcde" o 1 2))
(obs (read-bytes 2 i))
(obs (file-stream-buffer-mode i))
(obs (file-stream-buffer-mode o 'line))
(obs (file-stream-buffer-mode i 'line))
(obs (file-stream-buffer-mode i 'none))
(obs (make-pipe -1))
(close-input-port i)
(close-output-port o)
(obs (read-bytes 1 i))
(obs (read-bytes-line i))
(obs (peek-bytes-avail!* (make-bytes 1) 0 #f i))
(obs (char-ready? i))
(obs (write-bytes #"x" o))
(obs (write-string "x" o))
(obs (write-bytes-avail* #"x" o))
(obs (flush-output o))
(obs (port-closed? i))
`;
    const log = new Log();
    const [i, o] = makePipe(3);
    const as = (v: unknown) => v as never;
    await log.obs(() => readBytesInto(new Uint8Array(3), i, 4));
    await log.obs(() => readBytesInto(new Uint8Array(3), i, 0, 5));
    await log.obs(() => readBytesInto(new Uint8Array(3), i, 2, 1));
    await log.obs(() => readBytesInto(new Uint8Array(Buffer.from('abc')), as(5)));
    await log.obs(() => readBytes(-1, i));
    await log.obs(() => readBytes(1.5, i));
    const abc = new Uint8Array(Buffer.from('abc'));
    await log.obs(() => writeBytes(abc, o, 4));
    await log.obs(() => writeBytes(abc, o, 1, 7));
    await log.obs(() => writeBytes(as('abc'), o));
    await log.obs(() => writeString('abc', o, 2, 1));
    await log.obs(() => peekBytesAvail(new Uint8Array(2), 0, false, i, 3));
    await log.obs(() => peekBytesAvail(new Uint8Array(2), -1, false, i));
    await log.obs(() => peekBytesAvail(new Uint8Array(2), 0, false, i, 1, 0));
    await log.obs(() => peekBytesAvailNowait(new Uint8Array(2), 0, false, as(o)));
    const abcde = new Uint8Array(Buffer.from('abcde'));
    await log.obs(() => writeBytesAvailNowait(abcde, o));
    await log.obs(() => writeBytesAvailNowait(abcde, o));
    await log.obs(() => writeBytesAvailNowait(abcde, o, 1, 1));
    await log.obs(() => readBytes(2, i));
    await log.obs(() => writeBytesAvailNowait(abcde, o, 1, 2));
    await log.obs(() => readBytes(2, i));
    await log.obs(() => fileStreamBufferMode(i));
    await log.obs(() => fileStreamBufferMode(o, 'line'));
    await log.obs(() => fileStreamBufferMode(i, 'line'));
    await log.obs(() => fileStreamBufferMode(i, 'none'));
    await log.obs(() => makePipe(-1));
    closeInputPort(i);
    await closeOutputPort(o);
    await log.obs(() => readBytes(1, i));
    await log.obs(() => readBytesLine(i));
    await log.obs(() => peekBytesAvailNowait(new Uint8Array(1), 0, false, i));
    await log.obs(() => isCharReady(i));
    await log.obs(() => writeBytes(new Uint8Array([120]), o));
    await log.obs(() => writeString('x', o));
    await log.obs(() => writeBytesAvailNowait(new Uint8Array([120]), o));
    await log.obs(async () => {
      const { flushOutput } = await import('../index.js');
      return flushOutput(o);
    });
    await log.obs(async () => (await import('../index.js')).isPortClosed(i));
    const expected = runRacket(racket).trimEnd().split('\n');
    // JavaScript has no symbols or void to print: racket-net prints given values its own way.
    const normalise = (line: string): string =>
      line.replace(/given: "abc"/, 'given: "abc"').replace('#<void>', 'undefined');
    assert.deepEqual(log.lines.map(normalise), expected.map(normalise));
  });
});

export type { InputPort };

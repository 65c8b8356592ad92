/**
 * Differential tests of `peekString`, `readStringInto`, `racket/port`'s string and line evts
 * and a limited pipe's room after peeks: the same scenarios run in Racket CS and in racket-net,
 * printing the same observations (one per line), which must agree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isEofObject,
  type LineMode,
  makePipe,
  peekBytes,
  peekString,
  peekStringEvt,
  readBytes,
  readBytesLineEvt,
  readStringEvt,
  readStringInto,
  readStringIntoEvt,
  sync,
  writeBytesAvailNowait,
} from '../index.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';
import { pipeWith } from '../test-support/pipe.js';
import { Log, PORT_DIFF_PRELUDE as PRELUDE } from '../test-support/port-diff.js';

const SEQUENCES: number[][] = [
  [0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f],
  [0xe2, 0x82, 0x61],
  [0xe2, 0x82, 0xac, 0x62],
  [0xf0, 0x9f, 0x98, 0x80, 0x0a, 0x41],
  [0xed, 0xa0, 0x80],
  [0xc3, 0x0d, 0x0a, 0xa9],
  [0x61, 0xc3],
];
function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
const racketBytes = (seq: number[]): string => '(bytes ' + seq.map(String).join(' ') + ')';

describe('differential: string reads and evts vs Racket CS', { skip: skipWithoutRacket() }, () => {
  it('peek-string at every skip, read-string! into ranges, the string evts', async () => {
    let racket = PRELUDE;
    const log = new Log();
    for (const seq of SEQUENCES) {
      const bs = racketBytes(seq);
      const bytes = new Uint8Array(seq);
      for (let skip = 0; skip <= seq.length; skip++) {
        racket += `(let-values ([(i o) (pipe-with ${bs} #t)]) (obs (peek-string 2 ${skip} i)) (obs (peek-string 100 ${skip} i)))\n`;
        const [i] = await pipeWith(bytes, true);
        await log.obs(() => peekString(2, skip, i));
        await log.obs(() => peekString(100, skip, i));
      }
      racket += `(let-values ([(i o) (pipe-with ${bs} #t)])
  (define s (make-string 4 #\\-))
  (obs (read-string! s i 1 3)) (obs s) (obs (read-string! s i)) (obs s) (obs (read-string! s i)))
`;
      let [i] = await pipeWith(bytes, true);
      let chars = [...'----'];
      await log.obs(() => readStringInto(chars, i, 1, 3));
      await log.obs(() => chars);
      await log.obs(() => readStringInto(chars, i));
      await log.obs(() => chars);
      await log.obs(() => readStringInto(chars, i));
      // racket/port's string evts decode invalid UTF-8 as "?" (or fail): valid text only here.
      if (!isValidUtf8(bytes)) continue;
      racket += `(let-values ([(i o) (pipe-with ${bs} #t)]) (obs (sync (peek-string-evt 2 0 #f i))))
(let-values ([(i o) (pipe-with ${bs} #t)])
  (obs (sync (read-string-evt 2 i))) (define s (make-string 2 #\\-))
  (obs (sync (read-string!-evt s i))) (obs s) (obs (sync (read-string-evt 9 i))) (obs (sync (read-string-evt 1 i))))
`;
      [i] = await pipeWith(bytes, true);
      await log.obs(() => sync(peekStringEvt(2, 0, false, i)));
      [i] = await pipeWith(bytes, true);
      await log.obs(() => sync(readStringEvt(2, i)));
      chars = [...'--'];
      await log.obs(() => sync(readStringIntoEvt(chars, i)));
      await log.obs(() => chars);
      await log.obs(() => sync(readStringEvt(9, i)));
      await log.obs(() => sync(readStringEvt(1, i)));
    }
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it('read-bytes-line-evt in every mode, at the end of a closed pipe', async () => {
    const modes: LineMode[] = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];
    let racket = PRELUDE;
    const log = new Log();
    for (const input of ['a\rb\nc\r\nd\n\re\r\r\nf', '\r\n\r\n', 'x\r']) {
      const bytes = new Uint8Array(Buffer.from(input, 'latin1'));
      for (const mode of modes) {
        racket += `(let-values ([(i o) (pipe-with ${racketBytes([...bytes])} #t)])
  (let loop () (define l (sync (read-bytes-line-evt i '${mode}))) (obs l) (unless (eof-object? l) (loop))))\n`;
        const [i] = await pipeWith(bytes, true);
        for (;;) {
          const l = await sync(readBytesLineEvt(i, mode));
          await log.obs(() => l);
          if (isEofObject(l)) break;
        }
      }
    }
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it("a limited pipe's room after peeks and reads", async () => {
    const racket =
      PRELUDE +
      `
(define-values (i o) (make-pipe 3))
(obs (write-bytes-avail* #"abcd" o))
(obs (peek-bytes 1 0 i))
(obs (write-bytes-avail* #"xyz" o))
(obs (peek-bytes 2 2 i))
(obs (write-bytes-avail* #"xyz" o))
(obs (read-bytes 1 i))
(obs (write-bytes-avail* #"xyz" o))
(obs (read-bytes 4 i))
(obs (write-bytes-avail* #"123456" o))
(obs (peek-bytes 1 2 i))
(obs (write-bytes-avail* #"123456" o))
`;
    const log = new Log();
    const [i, o] = makePipe(3);
    const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
    await log.obs(() => writeBytesAvailNowait(b('abcd'), o));
    await log.obs(() => peekBytes(1, 0, i));
    await log.obs(() => writeBytesAvailNowait(b('xyz'), o));
    await log.obs(() => peekBytes(2, 2, i));
    await log.obs(() => writeBytesAvailNowait(b('xyz'), o));
    await log.obs(() => readBytes(1, i));
    await log.obs(() => writeBytesAvailNowait(b('xyz'), o));
    await log.obs(() => readBytes(4, i));
    await log.obs(() => writeBytesAvailNowait(b('123456'), o));
    await log.obs(() => peekBytes(1, 2, i));
    await log.obs(() => writeBytesAvailNowait(b('123456'), o));
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });
});

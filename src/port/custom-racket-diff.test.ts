/**
 * Differential tests: custom ports (a counting read-in, a write-out that takes two bytes at a
 * time), limited and appended ports and port->lines, run in Racket CS and in racket-net with
 * the same observations, which must agree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import {
  type LineMode,
  alwaysEvt,
  closeInputPort,
  eof,
  flushOutput,
  inputPortAppend,
  isPortClosed,
  makeInputPort,
  makeLimitedInputPort,
  makeOutputPort,
  peekBytes,
  peekBytesAvailNowait,
  peekChar,
  portToBytesLines,
  portToLines,
  portToString,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesInto,
  readChar,
  readLine,
  readString,
  sync,
  writeBytes,
  writeBytesAvail,
  writeBytesAvailNowait,
  writeString,
} from '../index.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';
import { pipeWith } from '../test-support/pipe.js';
import { Log, PORT_DIFF_PRELUDE as PRELUDE } from '../test-support/port-diff.js';

const T = { skip: skipWithoutRacket(), timeout: 10000 };
const rb = (s: string): string => '(bytes ' + [...Buffer.from(s, 'latin1')].join(' ') + ')';
const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('differential: custom ports vs Racket CS', () => {
  it(
    'a counting read-in: what each read returns, how often read-in is called and with what size',
    T,
    async () => {
      const racket =
        PRELUDE +
        `
(define data #"hello world\\nsecond line\\r\\nthird")
(define pos 0)
(define calls '())
(define p (make-input-port 'cnt
  (lambda (bstr)
    (set! calls (cons (bytes-length bstr) calls))
    (if (>= pos (bytes-length data)) eof
        (let ([n (min 5 (bytes-length bstr) (- (bytes-length data) pos))])
          (bytes-copy! bstr 0 data pos (+ pos n)) (set! pos (+ pos n)) n)))
  #f void))
(define (more! bs) (set! data bs) (set! pos 0))
(define-syntax-rule (step e) (begin (obs e) (displayln (reverse calls)) (set! calls '())))
(step (read-byte p))
(step (peek-bytes 3 2 p))
(step (read-bytes 4 p))
(step (read-line p))
(step (read-bytes-avail! (make-bytes 100) p))
(step (read-line p 'any))
(step (read-line p))
(step (read-line p))
(more! #"more")
(step (read-char p))
(step (read-string 10 p))
(step (read-byte p))
(more! #"xyz")
(step (begin (sync p) "synced"))
(step (read-bytes 10 p))
(step (read-byte p))
(more! #"a\\r\\nb")
(step (port->lines p))
(more! #"0123456789")
(step (read-bytes-avail! (make-bytes 5000) p))
(step (read-bytes! (make-bytes 3000) p))
`;
      const data = { bytes: b('hello world\nsecond line\r\nthird'), pos: 0 };
      const calls: number[] = [];
      const p = makeInputPort(
        'cnt',
        (bstr) => {
          calls.push(bstr.length);
          if (data.pos >= data.bytes.length) return eof;
          const n = Math.min(5, bstr.length, data.bytes.length - data.pos);
          bstr.set(data.bytes.subarray(data.pos, data.pos + n));
          data.pos += n;
          return n;
        },
        false,
        () => {},
      );
      const more = (s: string) => {
        data.bytes = b(s);
        data.pos = 0;
      };
      const log = new Log();
      const step = async (f: () => unknown) => {
        await log.obs(f);
        log.lines.push('(' + calls.join(' ') + ')');
        calls.length = 0;
      };
      await step(() => readByte(p));
      await step(() => peekBytes(3, 2, p));
      await step(() => readBytes(4, p));
      await step(() => readLine(p));
      await step(() => readBytesAvail(new Uint8Array(100), p));
      await step(() => readLine(p, 'any'));
      await step(() => readLine(p));
      await step(() => readLine(p));
      more('more');
      await step(() => readChar(p));
      await step(() => readString(10, p));
      await step(() => readByte(p));
      more('xyz');
      await step(async () => ((await sync(p)) === p ? 'synced' : 'no'));
      await step(() => readBytes(10, p));
      await step(() => readByte(p));
      more('a\r\nb');
      await step(async () => (await portToLines(p)).join('|'));
      more('0123456789');
      await step(() => readBytesAvail(new Uint8Array(5000), p));
      await step(() => readBytesInto(new Uint8Array(3000), p));
      const expected = runRacket(
        racket.replace('(step (port->lines p))', '(step (string-join (port->lines p) "|"))'),
      )
        .trimEnd()
        .split('\n');
      assert.deepEqual(log.lines, expected);
    },
  );

  it('a write-out that takes two bytes at a time: the calls each write makes', T, async () => {
    const racket =
      PRELUDE +
      `
(define calls '())
(define o (make-output-port 'two always-evt
  (lambda (bstr start end non-block? enable-break?)
    (set! calls (cons (format "~a:~a:~a" (show (subbytes bstr start end)) non-block? enable-break?) calls))
    (min 2 (- end start)))
  void))
(define-syntax-rule (step e) (begin (obs e) (displayln (reverse calls)) (set! calls '())))
(step (write-bytes #"hello" o))
(step (write-string "\\u00e9!" o))
(step (begin (flush-output o) "flushed"))
(step (write-bytes-avail* #"xyz" o))
(step (write-bytes-avail #"xyz" o))
(step (write-bytes #"" o))
`;
    const calls: string[] = [];
    const o = makeOutputPort(
      'two',
      alwaysEvt,
      (bstr, start, end, nonBlock, enableBreak) => {
        const flag = (v: boolean) => (v ? '#t' : '#f');
        calls.push(
          `b:${[...bstr.subarray(start, end)].join(',')}:${flag(nonBlock)}:${flag(enableBreak)}`,
        );
        return Math.min(2, end - start);
      },
      () => {},
    );
    const log = new Log();
    const step = async (f: () => unknown) => {
      await log.obs(f);
      log.lines.push('(' + calls.join(' ') + ')');
      calls.length = 0;
    };
    await step(() => writeBytes(b('hello'), o));
    await step(() => writeString('\u00e9!', o));
    await step(async () => {
      await flushOutput(o);
      return 'flushed';
    });
    await step(() => writeBytesAvailNowait(b('xyz'), o));
    await step(() => writeBytesAvail(b('xyz'), o));
    await step(() => writeBytes(b(''), o));
    const expected = runRacket(racket)
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/^b:$/, 'b:'));
    assert.deepEqual(log.lines, expected);
  });

  it('make-limited-input-port: reads, lines, peeks and EOF at the limit', T, async () => {
    const input = 'line one\r\nline two\nrest of it';
    let racket = PRELUDE;
    const log = new Log();
    for (const limit of [0, 3, 9, 10, 14, 100]) {
      racket += `
(let*-values ([(i o) (pipe-with ${rb(input)} #t)] [(l) (make-limited-input-port i ${limit})])
  (obs (peek-bytes 4 1 l))
  (obs (read-line l 'return-linefeed))
  (obs (read-char l))
  (obs (read-bytes 6 l))
  (obs (peek-char l))
  (obs (port->string l))
  (obs (read-byte l))
  (obs (port->string i))
  (close-input-port l)
  (obs (port-closed? i)))
(let*-values ([(i o) (pipe-with ${rb(input)} #t)] [(l) (make-limited-input-port i ${limit} #f)])
  (obs (port->bytes-lines l))
  (close-input-port l)
  (obs (port-closed? i))
  (obs (read-line i)))
`;
      let [i] = await pipeWith(b(input), true);
      let l = makeLimitedInputPort(i, limit);
      await log.obs(() => peekBytes(4, 1, l));
      await log.obs(() => readLine(l, 'return-linefeed'));
      await log.obs(() => readChar(l));
      await log.obs(() => readBytes(6, l));
      await log.obs(() => peekChar(l));
      await log.obs(() => portToString(l));
      await log.obs(() => readByte(l));
      await log.obs(() => portToString(i));
      closeInputPort(l);
      await log.obs(() => isPortClosed(i));
      [i] = await pipeWith(b(input), true);
      l = makeLimitedInputPort(i, limit, false);
      log.lines.push((await portToBytesLines(l)).map((x) => [...x].join(',')).join('|'));
      closeInputPort(l);
      await log.obs(() => isPortClosed(i));
      await log.obs(() => readLine(i));
    }
    const expected = runRacket(
      racket.replaceAll(
        '(obs (port->bytes-lines l))',
        '(displayln (string-join (map (lambda (x) (string-join (map number->string (bytes->list x)) ",")) (port->bytes-lines l)) "|"))',
      ),
    )
      .trimEnd()
      .split('\n');
    assert.deepEqual(log.lines, expected);
  });

  it('make-limited-input-port: peeks leave the bytes in the port under it', T, async () => {
    const racket =
      PRELUDE +
      `
(let*-values ([(i o) (pipe-with #"0123456789abcdefghij" #t)] [(l) (make-limited-input-port i 10)])
  (obs (read-byte l))
  (obs (peek-bytes 3 0 l))
  (obs (read-bytes 2 i))
  (obs (peek-bytes-avail!* (make-bytes 20) 0 #f l))
  (obs (read-bytes 20 l))
  (obs (read-bytes 20 i)))
`;
    const log = new Log();
    const [i] = await pipeWith(b('0123456789abcdefghij'), true);
    const l = makeLimitedInputPort(i, 10);
    await log.obs(() => readByte(l));
    await log.obs(() => peekBytes(3, 0, l));
    await log.obs(() => readBytes(2, i));
    await log.obs(() => peekBytesAvailNowait(new Uint8Array(20), 0, false, l));
    await log.obs(() => readBytes(20, l));
    await log.obs(() => readBytes(20, i));
    assert.deepEqual(log.lines, runRacket(racket).trimEnd().split('\n'));
  });

  it('input-port-append: reads and lines across ports, peeks, EOF, close-at-eof', T, async () => {
    const parts = ['ab', '', 'c\r', '\nde\u00c3', '\u00a9f'];
    const racket =
      PRELUDE +
      `
(define (ins) (for/list ([s (list ${parts.map(rb).join(' ')})]) (let-values ([(i o) (pipe-with s #t)]) i)))
(let* ([ps (ins)] [a (input-port-append #f ps)])
  (obs (peek-bytes 4 1 a))
  (obs (read-bytes 3 a))
  (obs (read-line a 'return-linefeed))
  (obs (read-char a))
  (obs (read-string 5 a))
  (obs (read-byte a))
  (obs (map port-closed? ps)))
(let* ([ps (ins)] [a (apply input-port-append #t ps)])
  (obs (read-line a 'any))
  (obs (map port-closed? ps))
  (obs (port->string a))
  (obs (map port-closed? ps)))
(let* ([ps (ins)] [a (apply input-port-append #t ps)])
  (obs (read-bytes 1 a))
  (close-input-port a)
  (obs (map port-closed? ps)))
(obs (read-byte (input-port-append #f)))
(let*-values ([(p1 o1) (pipe-with #"abc" #t)] [(p2 o2) (pipe-with #"def" #t)] [(a) (input-port-append #f p1 p2)])
  (obs (peek-bytes 5 0 a))
  (obs (peek-bytes 2 4 a))
  (obs (read-bytes 2 p1))
  (obs (read-bytes 10 a)))
`;
    const ins = () => Promise.all(parts.map(async (s) => (await pipeWith(b(s), true))[0]));
    const log = new Log();
    const closed = (ps: Awaited<ReturnType<typeof ins>>) =>
      '(' + ps.map((p) => (isPortClosed(p) ? '#t' : '#f')).join(' ') + ')';
    let ps = await ins();
    // Racket's first call passes the list itself (a one-port list is not a port: see below).
    let a = inputPortAppend(false, ...ps);
    await log.obs(() => peekBytes(4, 1, a));
    await log.obs(() => readBytes(3, a));
    await log.obs(() => readLine(a, 'return-linefeed'));
    await log.obs(() => readChar(a));
    await log.obs(() => readString(5, a));
    await log.obs(() => readByte(a));
    log.lines.push(closed(ps));
    ps = await ins();
    a = inputPortAppend(true, ...ps);
    await log.obs(() => readLine(a, 'any'));
    log.lines.push(closed(ps));
    await log.obs(() => portToString(a));
    log.lines.push(closed(ps));
    ps = await ins();
    a = inputPortAppend(true, ...ps);
    await log.obs(() => readBytes(1, a));
    closeInputPort(a);
    log.lines.push(closed(ps));
    await log.obs(() => readByte(inputPortAppend(false)));
    const [p1] = await pipeWith(b('abc'), true);
    const [p2] = await pipeWith(b('def'), true);
    const a2 = inputPortAppend(false, p1, p2);
    await log.obs(() => peekBytes(5, 0, a2));
    await log.obs(() => peekBytes(2, 4, a2));
    await log.obs(() => readBytes(2, p1));
    await log.obs(() => readBytes(10, a2));
    const expected = runRacket(
      racket.replace('(input-port-append #f ps)', '(apply input-port-append #f ps)'),
    )
      .trimEnd()
      .split('\n');
    assert.deepEqual(log.lines, expected);
  });

  it('port->lines and port->bytes-lines: the default mode and every mode', T, async () => {
    const inputs = ['a\rb\nc\r\nd\n\re\r\r\nf', '\r\n\r\n', 'x\r', 'no newline\n', ''];
    const modes: (LineMode | undefined)[] = [
      undefined,
      'linefeed',
      'return',
      'return-linefeed',
      'any',
      'any-one',
    ];
    let racket = PRELUDE;
    const log = new Log();
    for (const input of inputs) {
      for (const mode of modes) {
        const kw = mode === undefined ? '' : ` #:line-mode '${mode}`;
        racket += `(let-values ([(i o) (pipe-with ${rb(input)} #t)]) (displayln (string-join (map show (port->lines i${kw})) "|")))
(let-values ([(i o) (pipe-with ${rb(input)} #t)]) (displayln (string-join (map show (port->bytes-lines i${kw})) "|")))\n`;
        let [i] = await pipeWith(b(input), true);
        log.lines.push(
          (await portToLines(i, mode))
            .map((l) => 's:' + [...l].map((c) => c.codePointAt(0)).join(','))
            .join('|'),
        );
        [i] = await pipeWith(b(input), true);
        log.lines.push(
          (await portToBytesLines(i, mode)).map((l) => 'b:' + [...l].join(',')).join('|'),
        );
      }
    }
    assert.deepEqual(log.lines, runRacket(racket).split('\n').slice(0, -1));
  });
});

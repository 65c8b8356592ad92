/**
 * Locations (`portCountLines`, `portNextLocation`): differential tests against Racket CS over
 * pipes, the same writes and reads on both sides (CR LF split across writes, multi-byte and
 * invalid UTF-8 split across reads, peeks, byte, character, string and line reads), comparing
 * both ends' locations after each step.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type InputPort,
  type OutputPort,
  closeOutputPort,
  closeInputPort,
  isByteReady,
  readByte,
  makePipe,
  peekBytes,
  portCountLines,
  portNextLocation,
  readBytes,
  readBytesAvailNowait,
  readChar,
  readLine,
  readString,
  flushOutput,
  tcpClose,
  writeBytes,
  writeString,
} from '../index.js';
import { connectedPair } from '../test-support/tcp.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';
import { PORT_DIFF_PRELUDE, show } from '../test-support/port-diff.js';
import { assertContractErrors, contractMessage } from '../test-support/exn-assert.js';

type Op =
  | { k: 'w'; bytes: number[] }
  | { k: 'ws'; str: string }
  | { k: 'rb' | 'pk' | 'ra'; n: number }
  | { k: 'rc' | 'rl' | 'drain' | 'count' | 'rest' };

const ALPHABET = [
  0x61, 0x0d, 0x0a, 0x09, 0xce, 0xbb, 0xe2, 0x82, 0xac, 0xff, 0xf0, 0x9f, 0x98, 0x80, 0x62,
];

/** A small seeded generator (the scenarios must be the same on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Operations that never block: reads only of what is there (the writer stays open till `rest`). */
function scenario(seed: number): Op[] {
  const r = rng(seed);
  const ops: Op[] = [];
  let buffered: number[] = [];
  for (let step = 0; step < 14; step++) {
    const x = r();
    if (x < 0.35 || buffered.length === 0) {
      const n = 1 + Math.floor(r() * 5);
      const bytes = Array.from({ length: n }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]!);
      ops.push({ k: 'w', bytes });
      buffered = buffered.concat(bytes);
    } else if (x < 0.42) {
      const str = ['λ\tx', 'a\r', '\nb', '😀\r\n', 'é'][Math.floor(r() * 5)]!;
      ops.push({ k: 'ws', str });
      buffered = buffered.concat([...Buffer.from(str, 'utf8')]);
    } else if (x < 0.55) {
      const n = 1 + Math.floor(r() * buffered.length);
      ops.push({ k: 'rb', n });
      buffered = buffered.slice(n);
    } else if (x < 0.65) {
      ops.push({ k: 'pk', n: 1 + Math.floor(r() * buffered.length) });
    } else if (x < 0.77) {
      // One byte: how much more a pipe's read-bytes-avail!* gives is not fixed.
      ops.push({ k: 'ra', n: 1 });
      buffered = buffered.slice(1);
    } else if (x < 0.9 && buffered.length >= 4) {
      // Four bytes always decide a character (complete or not); then take the rest.
      ops.push({ k: 'rc' }, { k: 'drain' });
      buffered = [];
    } else if (buffered.includes(0x0a)) {
      ops.push({ k: 'rl' });
      buffered = buffered.slice(buffered.indexOf(0x0a) + 1);
    }
  }
  ops.push({ k: 'rest' });
  return ops;
}

function racketOf(ops: Op[], count: boolean): string {
  const lines = [
    '(let-values ([(i o) (make-pipe)])',
    count ? '(port-count-lines! i) (port-count-lines! o)' : '',
  ];
  for (const op of ops) {
    switch (op.k) {
      case 'w':
        lines.push(`(write-bytes (bytes ${op.bytes.join(' ')}) o)`);
        break;
      case 'ws':
        lines.push(`(write-string ${JSON.stringify(op.str)} o)`);
        break;
      case 'rb':
        lines.push(`(obs (read-bytes ${op.n} i))`);
        break;
      case 'pk':
        lines.push(`(obs (peek-bytes ${op.n} 0 i))`);
        break;
      case 'ra':
        lines.push(`(let ([b (make-bytes ${op.n})]) (obs (read-bytes-avail!* b i)))`);
        break;
      case 'rc':
        lines.push('(obs (read-char i))');
        break;
      case 'rl':
        lines.push('(obs (read-line i))');
        break;
      case 'drain':
        lines.push('(let loop () (when (byte-ready? i) (read-byte i) (loop)))');
        break;
      case 'count':
        lines.push('(port-count-lines! i) (port-count-lines! o)');
        break;
      case 'rest':
        lines.push('(close-output-port o) (obs (read-string 1000 i))');
        break;
    }
    lines.push('(displayln (loc i))', op.k === 'rest' ? '' : '(displayln (loc o))');
  }
  lines.push('(close-input-port i))');
  return lines.join('\n');
}

const loc = (p: InputPort | OutputPort): string =>
  portNextLocation(p)
    .map((v) => (v === false ? '#f' : String(v)))
    .join(' ');

async function runOurs(ops: Op[], count: boolean, out: string[]): Promise<void> {
  const [i, o] = makePipe();
  if (count) {
    portCountLines(i);
    portCountLines(o);
  }
  const obs = async (f: () => unknown): Promise<void> => {
    out.push(show(await f()));
  };
  for (const op of ops) {
    switch (op.k) {
      case 'w':
        await writeBytes(new Uint8Array(op.bytes), o);
        break;
      case 'ws':
        await writeString(op.str, o);
        break;
      case 'rb':
        await obs(() => readBytes(op.n, i));
        break;
      case 'pk':
        await obs(() => peekBytes(op.n, 0, i));
        break;
      case 'ra':
        await obs(() => readBytesAvailNowait(new Uint8Array(op.n), i));
        break;
      case 'rc':
        await obs(() => readChar(i));
        break;
      case 'rl':
        await obs(() => readLine(i));
        break;
      case 'drain':
        while (isByteReady(i)) await readByte(i);
        break;
      case 'count':
        portCountLines(i);
        portCountLines(o);
        break;
      case 'rest':
        await closeOutputPort(o);
        await obs(() => readString(1000, i));
        break;
    }
    out.push(loc(i));
    if (op.k !== 'rest') out.push(loc(o));
  }
  await closeInputPort(i);
}

const LOC_DEF = `(define (loc p) (call-with-values (lambda () (port-next-location p)) (lambda (l c q) (format "~a ~a ~a" (or l "#f") (or c "#f") q))))\n`;

const FIXED: Op[][] = [
  // CR LF split across writes and reads; tabs; a multi-byte character split across reads.
  [
    { k: 'w', bytes: [0x61, 0x0d] },
    { k: 'rb', n: 2 },
    { k: 'w', bytes: [0x0a, 0x09, 0x62, 0x09] },
    { k: 'rb', n: 1 },
    { k: 'rb', n: 3 },
    { k: 'w', bytes: [0xce] },
    { k: 'rb', n: 1 },
    { k: 'w', bytes: [0xbb, 0xf0, 0x9f] },
    { k: 'rb', n: 2 },
    { k: 'w', bytes: [0x98, 0x80, 0x0a] },
    { k: 'rl' },
    { k: 'rest' },
  ],
  // Counting turned on after writes and a read of bytes (Racket's pipes start at 1 here).
  [
    { k: 'w', bytes: [0xce, 0xbb, 0x61, 0x0d, 0x0a] },
    { k: 'rb', n: 2 },
    { k: 'pk', n: 3 },
    { k: 'count' },
    { k: 'rb', n: 3 },
    { k: 'w', bytes: [0x09, 0x0a] },
    { k: 'rest' },
  ],
  // Invalid sequences cut short by CR, LF, tab and ASCII; read-char over them.
  [
    { k: 'w', bytes: [0xe2, 0x82, 0x0d, 0xf0, 0x9f, 0x0a, 0xed, 0xa0, 0x80, 0x09, 0xc3, 0x61] },
    { k: 'rc' },
    { k: 'rc' },
    { k: 'ra', n: 1 },
    { k: 'rest' },
  ],
];

describe(
  'port locations: differential against Racket CS',
  { skip: skipWithoutRacket(), timeout: 30_000 },
  () => {
    it('the same reads and writes give the same locations, counting and not', async () => {
      const cases: [Op[], boolean][] = [];
      for (const ops of FIXED) cases.push([ops, true], [ops, false]);
      for (let seed = 1; seed <= 60; seed++) {
        const ops = scenario(seed);
        // Some count from the start, some not at all. (Turned on half-way, Racket 8.7's pipes
        // start at position 1 or go on from the bytes read, depending on the reads before.)
        cases.push([ops, seed % 6 !== 0]);
      }
      let source = PORT_DIFF_PRELUDE + LOC_DEF;
      for (const [ops, count] of cases) source += racketOf(ops, count) + '\n(displayln "--")\n';
      const expected = runRacket(source).trimEnd().split('\n');
      const ours: string[] = [];
      for (const [ops, count] of cases) {
        await runOurs(ops, count, ours);
        ours.push('--');
      }
      assert.deepEqual(ours, expected);
    });
  },
);

const TCP_SCENARIO = `
(require racket/tcp)
(define l (tcp-listen 0 5 #t "127.0.0.1"))
(define-values (a port b c) (tcp-addresses l #t))
(define-values (ci co) (tcp-connect "127.0.0.1" port))
(define-values (si so) (tcp-accept l))
(port-count-lines! co)
(void (write-bytes (bytes 206 187 97 98 99 13 10 100 13) co)) (flush-output co)
(obs (read-bytes 3 si))
(displayln (loc si)) (displayln (loc co))
(port-count-lines! si)
(displayln (loc si)) (displayln (loc co))
(obs (read-bytes 5 si))
(displayln (loc si))
(void (write-bytes (bytes 10 9 206) co)) (flush-output co)
(displayln (loc co))
(obs (read-bytes 3 si))
(displayln (loc si))
(close-output-port co)
(obs (read-bytes 3 si))
(displayln (loc si))
`;

describe(
  'port locations over TCP: differential against Racket CS',
  { skip: skipWithoutRacket(), timeout: 30_000 },
  () => {
    it('counting turned on after reads starts at position 1', async () => {
      const expected = runRacket(PORT_DIFF_PRELUDE + LOC_DEF + TCP_SCENARIO)
        .trimEnd()
        .split('\n');
      const { listener, ci, co, si, so } = await connectedPair();
      // Counted from the start: Racket 8.7's TCP output ports, turned on later, go on from the
      // bytes written (its reference says they start at 1, as racket-net's do).
      portCountLines(co);
      const out: string[] = [];
      const obs = async (f: () => unknown): Promise<void> => void out.push(show(await f()));
      try {
        await writeBytes(new Uint8Array([206, 187, 97, 98, 99, 13, 10, 100, 13]), co);
        await flushOutput(co);
        await obs(() => readBytes(3, si));
        out.push(loc(si), loc(co));
        portCountLines(si);
        out.push(loc(si), loc(co));
        await obs(() => readBytes(5, si));
        out.push(loc(si));
        await writeBytes(new Uint8Array([10, 9, 206]), co);
        await flushOutput(co);
        out.push(loc(co));
        await obs(() => readBytes(3, si));
        out.push(loc(si));
        await closeOutputPort(co);
        await obs(() => readBytes(3, si));
        out.push(loc(si));
        assert.deepEqual(out, expected);
      } finally {
        await closeInputPort(ci);
        await closeOutputPort(so);
        await closeInputPort(si);
        tcpClose(listener);
      }
    });
  },
);

describe('port locations', { timeout: 10_000 }, () => {
  it('positions count bytes from 1 until counting starts, then lines, columns and characters', async () => {
    const [i, o] = makePipe();
    assert.deepEqual(portNextLocation(i), [false, false, 1]);
    await writeString('λa\r\nb', o);
    assert.deepEqual(portNextLocation(o), [false, false, 7]);
    await readBytes(2, i);
    assert.deepEqual(portNextLocation(i), [false, false, 3]);
    portCountLines(i);
    portCountLines(i);
    assert.deepEqual(portNextLocation(i), [1, 0, 1]);
    await peekBytes(3, 0, i);
    assert.deepEqual(portNextLocation(i), [1, 0, 1], 'peeks do not count');
    await readBytes(3, i);
    assert.deepEqual(portNextLocation(i), [2, 0, 3]);
    portCountLines(o);
    await writeString('\t😀', o);
    assert.deepEqual(portNextLocation(o), [1, 9, 3], "a pipe's output counts from 1 too");
  });

  it('checks its arguments, and a closed port that counts lines', async () => {
    const [i] = makePipe();
    await assertContractErrors([
      [() => portCountLines(5 as never), contractMessage('port-count-lines!', 'port?', '5')],
      [() => portNextLocation('x' as never), contractMessage('port-next-location', 'port?', '"x"')],
    ]);
    portCountLines(i);
    await closeInputPort(i);
    assert.throws(() => portNextLocation(i), /port-next-location: input port is closed/);
    assert.throws(() => portCountLines(i), /port-count-lines!: input port is closed/);
  });
});

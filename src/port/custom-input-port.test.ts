/** makeInputPort: Racket's read-in protocol, errors, and a custom port as an ordinary port. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmEvt,
  isByteReady,
  peekByte,
  portCommitPeeked,
  portProgressEvt,
  semaphorePeekEvt,
  breakThread,
  ExnBreak,
  killThread,
  parameterizeBreak,
  sleep,
  thread,
  alwaysEvt,
  closeInputPort,
  copyPort,
  eof,
  isEofObject,
  isPortClosed,
  makePipe,
  makeSemaphore,
  peekBytes,
  peekBytesAvail,
  peekChar,
  portToString,
  readByte,
  readBytes,
  readBytesAvail,
  readBytesAvailNowait,
  readChar,
  readLine,
  readString,
  semaphorePost,
  sync,
  syncTimeout,
  writeString,
  wrapEvt,
  closeOutputPort,
  ExnFail,
  ExnFailContract,
} from '../index.js';
import { fileStreamBufferMode } from './any-port.js';
import { makeInputPort, type ReadInResult } from './make-input-port.js';
import { Buffer } from 'node:buffer';
import { raised, watched } from '../test-support/thread.js';
import { bytes, text } from '../test-support/bytes.js';
import { assertRejectsExn, assertThrowsExn, contractMessage } from '../test-support/exn-assert.js';

const T = { timeout: 5000 };

/** A port over `chunks`, one per `readIn` call (eof after them), logging each buffer size. */
function chunked(chunks: (string | ReadInResult)[]) {
  const log: number[] = [];
  let i = 0;
  const port = makeInputPort(
    'chunked',
    (bstr) => {
      log.push(bstr.length);
      const c = chunks[i++];
      if (c === undefined) return eof;
      if (typeof c !== 'string') return c;
      const b = Buffer.from(c, 'utf8');
      bstr.set(b);
      return b.length;
    },
    false,
    () => {},
  );
  return { port, log };
}

describe('makeInputPort: the read-in protocol', () => {
  it('calls readIn on demand with a 4096-byte buffer, as Racket CS does', T, async () => {
    const { port, log } = chunked(['hello ', 'world']);
    assert.deepEqual(log, []);
    assert.equal(await readByte(port), 104);
    assert.deepEqual(log, [4096]);
    assert.equal(text(await readBytes(4, port)), 'ello');
    assert.deepEqual(log, [4096]);
    assert.equal(text(await readBytes(6, port)), ' world');
    assert.deepEqual(log, [4096, 4096]);
  });

  it('an EOF is one read: the next read calls readIn again (eof then more)', T, async () => {
    const { port, log } = chunked(['ab', eof, 'cd']);
    assert.equal(text(await readBytes(2, port)), 'ab');
    assert.equal(await readByte(port), eof);
    assert.equal(text(await readBytes(2, port)), 'cd');
    assert.equal(await readByte(port), eof);
    assert.equal(log.length, 4);
  });

  it('a read that ends at EOF with bytes takes the EOF with it (as Racket)', T, async () => {
    const { port } = chunked(['ab', eof, 'cd']);
    assert.equal(text(await readBytes(10, port)), 'ab');
    assert.equal(text(await readBytes(10, port)), 'cd');
    assert.equal(await readLine(port), eof);
  });

  it('0 means "try again": readIn is called again soon', T, async () => {
    const { port, log } = chunked([0, 0, 'x']);
    assert.equal(text(await readBytes(1, port)), 'x');
    assert.equal(log.length, 3);
  });

  it('an event result: the read waits for it; a result 0 then calls readIn again', T, async () => {
    const sema = makeSemaphore(0);
    let open = false;
    let done = false;
    const port = makeInputPort(
      'gate',
      (bstr) => {
        if (!open) return wrapEvt(sema, () => 0);
        if (done) return eof;
        done = true;
        bstr.set(bytes('late'));
        return 4;
      },
      false,
      () => {},
    );
    const read = readBytes(4, port);
    assert.equal(await syncTimeout(0.05, port), false);
    open = true;
    semaphorePost(sema);
    assert.equal(text(await read), 'late');
    // An event whose result is not a result of readIn: the reader gets the contract error.
    const { port: bad } = chunked([wrapEvt(alwaysEvt, () => 'bad')]);
    await assertRejectsExn(readByte(bad), ExnFailContract, /user port read: contract violation/);
  });

  it('an event whose result is a count: the bytes it put in the buffer are read', T, async () => {
    let filled: Uint8Array | null = null;
    const sema = makeSemaphore(0);
    let calls = 0;
    const port = makeInputPort(
      'evt',
      (bstr) => {
        calls++;
        if (calls > 1) return eof;
        filled = bstr;
        // Ready once posted; its result (a count) is readIn's.
        return wrapEvt(sema, () => {
          bstr.set(bytes('xyz'));
          return 3;
        });
      },
      false,
      () => {},
    );
    const read = readBytes(3, port);
    semaphorePost(sema);
    assert.equal(text(await read), 'xyz');
    assert.ok(filled);
  });

  it("a Promise result: resolves to readIn's result for the same buffer", T, async () => {
    let n = 0;
    const port = makeInputPort(
      'promise',
      (bstr) => {
        if (n++ > 0) return eof;
        return new Promise((resolve) =>
          setTimeout(() => {
            bstr.set(bytes('later'));
            resolve(5);
          }, 10),
        );
      },
      false,
      () => {},
    );
    assert.equal(await portToString(port), 'later');
  });

  it('a rejected Promise: the reader gets the error once, then the port goes on', T, async () => {
    let n = 0;
    const port = makeInputPort(
      'reject',
      (bstr) => {
        n++;
        if (n === 1) return Promise.reject(new ExnFail('source: boom'));
        if (n === 2) {
          bstr[0] = 65;
          return 1;
        }
        return eof;
      },
      false,
      () => {},
    );
    await assertRejectsExn(readByte(port), ExnFail, 'source: boom');
    assert.equal(await readByte(port), 65);
  });

  it('an exception from readIn propagates to the reader; the port goes on', T, async () => {
    let n = 0;
    const port = makeInputPort(
      'throws',
      (bstr) => {
        if (n++ === 0) throw new ExnFail('mine: boom');
        bstr[0] = 66;
        return 1;
      },
      false,
      () => {},
    );
    await assertRejectsExn(readByte(port), ExnFail, 'mine: boom');
    assert.equal(await readByte(port), 66);
  });

  it("bad results raise with Racket's messages", T, async () => {
    const bad = (r: unknown) =>
      makeInputPort(
        'p',
        () => r as number,
        false,
        () => {},
      );
    await assertRejectsExn(
      readByte(bad('bad')),
      ExnFailContract,
      'user port read: contract violation\n  expected: (or/c exact-nonnegative-integer? eof-object? evt? pipe-input-port?)\n  result: "bad"',
    );
    await assertRejectsExn(
      readByte(bad(-1)),
      ExnFailContract,
      'user port read: contract violation\n  expected: (or/c exact-nonnegative-integer? eof-object? evt? pipe-input-port?)\n  result: -1',
    );
    await assertRejectsExn(
      readByte(bad(5000)),
      ExnFailContract,
      'user port read: result integer is larger than the supplied byte string\n  result: 5000\n  byte-string length: 4096',
    );
  });

  it("bad arguments raise contract errors with Racket's messages", () => {
    const f = (() => 0) as () => number;
    assertThrowsExn(
      () => makeInputPort('p', 5 as never, false, () => {}),
      ExnFailContract,
      contractMessage('make-input-port', '(or/c (procedure-arity-includes/c 1) input-port?)', '5'),
    );
    assertThrowsExn(
      () => makeInputPort('p', f, 7 as never, () => {}),
      ExnFailContract,
      contractMessage(
        'make-input-port',
        '(or/c (procedure-arity-includes/c 3) input-port? #f)',
        '7',
      ),
    );
    assertThrowsExn(
      () => makeInputPort('p', f, false, 8 as never),
      ExnFailContract,
      contractMessage('make-input-port', '(procedure-arity-includes/c 0)', '8'),
    );
  });
});

describe('makeInputPort: an ordinary port', () => {
  it('peeks by buffering, with skip; reads then see the same bytes', T, async () => {
    const { port, log } = chunked(['abc', 'def']);
    assert.equal(text(await peekBytes(3, 2, port)), 'cde');
    assert.equal(log.length, 2);
    const buf = new Uint8Array(10);
    assert.equal(await peekBytesAvail(buf, 4, false, port), 2);
    assert.equal(text(buf.subarray(0, 2)), 'ef');
    assert.equal(text(await readBytes(6, port)), 'abcdef');
    assert.equal(log.length, 2);
  });

  it('characters and lines in every mode', T, async () => {
    const { port } = chunked(['a\r', '\nb\rc\u00e9', '\nd']);
    assert.equal(await readLine(port, 'any'), 'a');
    assert.equal(await readLine(port, 'return'), 'b');
    assert.equal(await peekChar(port, 1), '\u00e9');
    assert.equal(await readChar(port), 'c');
    assert.equal(await readString(2, port), '\u00e9\n');
    assert.equal(await readLine(port), 'd');
    assert.equal(await readLine(port), eof);
  });

  it('is an event: ready when readIn has bytes; result the port', T, async () => {
    const { port } = chunked([0, 'x']);
    assert.equal(await sync(port), port);
    assert.equal(readBytesAvailNowait(new Uint8Array(4), port), 1);
  });

  it('readBytesAvail gets what one readIn call gave', T, async () => {
    const { port } = chunked(['abc', 'de']);
    const buf = new Uint8Array(100);
    assert.equal(await readBytesAvail(buf, port), 3);
    assert.equal(await readBytesAvail(buf, port), 2);
    assert.equal(await readBytesAvail(buf, port), eof);
  });

  it('copyPort from it, and readIn as an input port (redirect)', T, async () => {
    const [pin, pout] = makePipe();
    const redirect = makeInputPort('redirect', pin, pin, () => closeInputPort(pin));
    const [cin, cout] = makePipe();
    const copying = copyPort(redirect, cout);
    await writeString('one\ntwo\n', pout);
    await closeOutputPort(pout);
    await copying;
    await closeOutputPort(cout);
    assert.equal(await portToString(cin), 'one\ntwo\n');
    closeInputPort(redirect);
    assert.ok(isPortClosed(pin));
  });

  it('close calls close once; reads then raise', T, async () => {
    let closes = 0;
    const port = makeInputPort(
      'c',
      () => 0,
      false,
      () => closes++,
    );
    closeInputPort(port);
    closeInputPort(port);
    assert.equal(closes, 1);
    await assertRejectsExn(readByte(port), ExnFail, /input port is closed/);
  });

  it("a read waiting on readIn's event wakes when the port is closed", T, async () => {
    const port = makeInputPort(
      'w',
      () => alarmEvt(1e13),
      false,
      () => {},
    );
    const read = readByte(port);
    setTimeout(() => closeInputPort(port), 10);
    await assertRejectsExn(read, ExnFail, /input port is closed/);
  });

  it("a reader killed or broken while it waits on readIn's event: others go on", T, async () => {
    const sema = makeSemaphore(0);
    let open = false;
    const port = makeInputPort(
      'gate',
      (bstr) => {
        if (!open) return wrapEvt(sema, () => 0);
        bstr[0] = 65;
        return 1;
      },
      false,
      () => {},
    );
    const killed = thread(() => readByte(port));
    const broken = watched(() => parameterizeBreak(true, () => readByte(port)));
    await sleep(0.02);
    killThread(killed);
    breakThread(broken.thread);
    assert.ok(raised(await broken.outcome) instanceof ExnBreak);
    const read = readByte(port);
    open = true;
    semaphorePost(sema);
    assert.equal(await read, 65);
  });

  it('reports buffer mode block, as Racket CS', () => {
    const { port } = chunked([]);
    assert.equal(fileStreamBufferMode(port), 'block');
    assert.ok(!isEofObject(port));
  });
});

/**
 * A port over `data` with Racket's whole protocol: `peek` takes nothing, the progress event is
 * ready once bytes are read, `commit` consumes what was peeked unless progress came first.
 */
function withPeek(data: string) {
  const src = bytes(data);
  const state = { pos: 0, commits: 0, sema: makeSemaphore(0) };
  const advance = (n: number) => {
    state.pos += n;
    semaphorePost(state.sema);
    state.sema = makeSemaphore(0);
  };
  const port = makeInputPort(
    'peekable',
    (bstr) => {
      if (state.pos >= src.length) return eof;
      const n = Math.min(bstr.length, src.length - state.pos);
      bstr.set(src.subarray(state.pos, state.pos + n));
      advance(n);
      return n;
    },
    (bstr, skip) => {
      const at = state.pos + skip;
      if (at >= src.length) return eof;
      const n = Math.min(bstr.length, src.length - at);
      bstr.set(src.subarray(at, at + n));
      return n;
    },
    () => {},
    () => semaphorePeekEvt(state.sema),
    async (amt, progress, done) => {
      state.commits++;
      if ((await syncTimeout(0, progress)) !== false) return false;
      await sync(done);
      advance(Math.min(amt, src.length - state.pos));
      return true;
    },
  );
  return { port, state };
}

describe('makeInputPort with peek, progress-evt and commit procedures', () => {
  it('peeks ask the peek procedure and take nothing from the source', T, async () => {
    const { port, state } = withPeek('hello world');
    assert.equal(text(await peekBytes(3, 2, port)), 'llo');
    assert.equal(await peekByte(port, 4), 111);
    assert.equal(state.pos, 0);
    assert.equal(await sync(port), port);
    assert.ok(isByteReady(port));
    assert.equal(state.pos, 0);
    // Reads take what they read, no more.
    assert.equal(text(await readBytes(2, port)), 'he');
    assert.equal(state.pos, 2);
    assert.equal(await peekBytes(20, 9, port), eof);
    assert.equal(text(await peekBytes(20, 0, port)), 'llo world');
  });

  it("bad peek results raise with Racket's messages", T, async () => {
    const bad = (r: unknown) =>
      makeInputPort(
        'p',
        () => eof,
        () => r as number,
        () => {},
      );
    await assertRejectsExn(
      peekByte(bad('bad')),
      ExnFailContract,
      'user port peek: contract violation\n  expected: (or/c exact-nonnegative-integer? eof-object? evt? pipe-input-port? (procedure-arity-includes/c 4))\n  result: "bad"',
    );
    await assertRejectsExn(
      peekByte(bad(5000)),
      ExnFailContract,
      'user port peek: result integer is larger than the supplied byte string\n  result: 5000\n  byte-string length: 1',
    );
  });

  it('portProgressEvt and portCommitPeeked use the procedures', T, async () => {
    const { port, state } = withPeek('hello world');
    const progress = portProgressEvt(port);
    const buf = new Uint8Array(5);
    assert.equal(await peekBytesAvail(buf, 0, progress, port), 5);
    assert.equal(await portCommitPeeked(5, progress, alwaysEvt, port), true);
    assert.equal(state.commits, 1);
    assert.equal(state.pos, 5);
    // The commit was progress: the same event is ready now, and a commit with it fails.
    assert.notEqual(await syncTimeout(0, progress), false);
    assert.equal(await portCommitPeeked(1, progress, alwaysEvt, port), false);
    assert.equal(text(await readBytes(6, port)), ' world');
    const after = portProgressEvt(port);
    assert.equal(await syncTimeout(0, after), false);
    assert.equal(await readByte(port), eof);
  });
});

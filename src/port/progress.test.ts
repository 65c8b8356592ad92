/**
 * Progress events and commits (`portProgressEvt`, `portCommitPeeked`, the peeks' `progress`
 * argument), on pipes and TCP ports; each expectation is what Racket CS 8.7 does in the same
 * case (checked with /usr/bin/racket; the cases are noted where Racket's ports differ).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alwaysEvt,
  closeInputPort,
  closeOutputPort,
  type InputPort,
  isEofObject,
  isProgressEvt,
  makePipe,
  makeChannel,
  channelPut,
  makeSemaphore,
  semaphorePeekEvt,
  semaphoreTryWait,
  threadWait,
  neverEvt,
  peekBytes,
  peekBytesAvail,
  peekBytesAvailEvt,
  peekBytesAvailNowait,
  peekBytesEvt,
  peekStringEvt,
  portCommitPeeked,
  portCountLines,
  portNextLocation,
  portProgressEvt,
  readByte,
  readBytes,
  semaphorePost,
  semaphoreWait,
  sync,
  syncTimeout,
  tcpClose,
  thread,
  writeBytes,
} from '../index.js';
import { pipeWith } from '../test-support/pipe.js';
import { connectedPair } from '../test-support/tcp.js';
import { isPending } from '../test-support/async.js';
import { assertContractErrors, contractMessage } from '../test-support/exn-assert.js';
import { text } from '../test-support/bytes.js';

/** The same checks on any input port holding "abcdef" (its writer open). */
async function commits(i: InputPort): Promise<void> {
  const pe = portProgressEvt(i);
  assert.equal(isProgressEvt(pe), true);
  assert.equal(await syncTimeout(0, pe), false);
  // A commit with nothing peeked yet still commits what is there (Racket 8.7's ports do).
  assert.equal(text(await peekBytes(2, 0, i)), 'ab');
  assert.equal(await portCommitPeeked(2, pe, alwaysEvt, i), true);
  assert.equal(await syncTimeout(0, pe), pe, 'the commit was a read: progress');
  assert.equal(await portCommitPeeked(1, pe, alwaysEvt, i), false, 'progress first: no commit');
  assert.equal(text(await peekBytes(4, 0, i)), 'cdef');
  const pe2 = portProgressEvt(i);
  assert.equal(await portCommitPeeked(10, pe2, alwaysEvt, i), true, 'fewer than asked');
  assert.equal(await syncTimeout(0, i), false, 'all taken');
}

describe('progress events and commits', { timeout: 10_000 }, () => {
  it('on a pipe: commits, progress after reads, fewer bytes than asked', async () => {
    const [i] = await pipeWith('abcdef', false);
    await commits(i);
  });

  it('on a TCP port', async () => {
    const { listener, ci, co, so, si } = await connectedPair();
    try {
      await writeBytes(Buffer.from('abcdef'), so);
      await closeOutputPort(so);
      await sync(ci);
      // All six bytes arrive before the commit (they were written in one flush).
      while ((await peekBytesAvailNowait(Buffer.alloc(8), 0, false, ci)) !== 6) await sync(ci);
      await commits(ci);
      const pe = portProgressEvt(ci);
      assert.equal(isEofObject(await readByte(ci)), true);
      assert.equal(await syncTimeout(0, pe), false, 'EOF is no progress');
    } finally {
      await closeOutputPort(co);
      closeInputPort(si);
      closeInputPort(ci);
      tcpClose(listener);
    }
  });

  it('a commit waits for its evt, and gives up when another reader reads first', async () => {
    const [i] = await pipeWith('abcdef', false);
    const pe = portProgressEvt(i);
    const s = makeSemaphore();
    const c = portCommitPeeked(2, pe, s, i);
    assert.equal(await isPending(c), true);
    thread(async () => void (await readByte(i)));
    assert.equal(await c, false);
    assert.equal(text(await peekBytes(5, 0, i)), 'bcdef');
    const pe2 = portProgressEvt(i);
    const c2 = portCommitPeeked(2, pe2, s, i);
    assert.equal(await isPending(c2), true);
    semaphorePost(s);
    assert.equal(await c2, true);
    assert.equal(text(await peekBytes(3, 0, i)), 'def');
    // With `neverEvt`, only progress ends the wait.
    const c3 = portCommitPeeked(1, portProgressEvt(i), neverEvt, i);
    assert.equal(await isPending(c3), true);
    await readByte(i);
    assert.equal(await c3, false);
  });

  it('a commit on a channel takes a put, and a semaphore peek evt leaves the count', async () => {
    const [i] = await pipeWith('abcdef', false);
    const ch = makeChannel<number>();
    const put = thread(async () => void (await channelPut(ch, 7)));
    assert.equal(await portCommitPeeked(1, portProgressEvt(i), ch, i), true);
    await threadWait(put);
    const s = makeSemaphore(1);
    assert.equal(await portCommitPeeked(1, portProgressEvt(i), semaphorePeekEvt(s), i), true);
    assert.equal(semaphoreTryWait(s), true, 'a peek evt takes nothing');
    semaphorePost(s);
    assert.equal(await portCommitPeeked(1, portProgressEvt(i), s, i), true);
    assert.equal(semaphoreTryWait(s), false, 'the commit took the semaphore');
    assert.equal(text(await peekBytes(3, 0, i)), 'def');
  });

  it('a commit waiting on a semaphore is not lost when another waiter takes a post', async () => {
    const [i] = await pipeWith('abcdef', false);
    const s = makeSemaphore();
    const c = portCommitPeeked(1, portProgressEvt(i), s, i);
    assert.equal(await isPending(c), true);
    const other = thread(async () => semaphoreWait(s));
    await isPending(c);
    semaphorePost(s);
    await threadWait(other);
    assert.equal(await isPending(c), true, 'the post went to the other waiter');
    semaphorePost(s);
    assert.equal(await c, true);
    assert.equal(text(await peekBytes(1, 0, i)), 'b');
  });

  it('a closed port: progress ready, no commit, peeks with it answer 0', async () => {
    const [i] = await pipeWith('abc', false);
    const pe = portProgressEvt(i);
    closeInputPort(i);
    assert.equal(await syncTimeout(0, pe), pe);
    assert.equal(await portCommitPeeked(1, pe, alwaysEvt, i), false);
    const pe2 = portProgressEvt(i);
    assert.equal(await syncTimeout(0, pe2), pe2);
    assert.equal(await peekBytesAvail(Buffer.alloc(2), 0, pe2, i), 0);
  });

  it('peeks with a progress evt: 0 once it is ready; peek evts never become ready', async () => {
    const [i] = await pipeWith('abcdef', false);
    const pe = portProgressEvt(i);
    const b = Buffer.alloc(3);
    assert.equal(await peekBytesAvail(b, 1, pe, i), 3);
    assert.equal(text(b), 'bcd');
    await readByte(i);
    assert.equal(await peekBytesAvail(b, 1, pe, i), 0);
    assert.equal(peekBytesAvailNowait(b, 0, pe, i), 0);
    assert.equal(await syncTimeout(0.05, peekBytesEvt(1, 0, pe, i)), false);
    assert.equal(await syncTimeout(0.05, peekBytesAvailEvt(b, 0, pe, i)), false);
    assert.equal(await syncTimeout(0.05, peekStringEvt(1, 0, pe, i)), false);
    const pe2 = portProgressEvt(i);
    assert.equal(text((await sync(peekBytesEvt(2, 0, pe2, i))) as Uint8Array), 'bc');
  });

  it('a waiting peek with a progress evt answers 0 when another reader takes the bytes', async () => {
    const [i, o] = await pipeWith('a', false);
    const pe = portProgressEvt(i);
    const peek = peekBytesAvail(Buffer.alloc(2), 1, pe, i);
    assert.equal(await isPending(peek), true);
    await readByte(i);
    assert.equal(await peek, 0);
    await closeOutputPort(o);
  });

  it('commits count for port-count-lines!', async () => {
    const [i] = await pipeWith('ab\ncdef', false);
    portCountLines(i);
    const pe = portProgressEvt(i);
    await readBytes(0, i);
    assert.equal(await portCommitPeeked(4, pe, alwaysEvt, i), true);
    assert.deepEqual(portNextLocation(i), [2, 1, 5]);
  });

  it('checks its arguments as Racket does', async () => {
    const [i] = await pipeWith('abc', false);
    const [other] = makePipe();
    const pe = portProgressEvt(i);
    const commitEvts =
      '(or/c channel-put-evt? channel? semaphore? semaphore-peek-evt? always-evt never-evt)';
    const notMine =
      'evt is not a progress evt for the given port\n  evt: #<progress-evt>\n  port: #<input-port:pipe>';
    await assertContractErrors([
      [
        () => portProgressEvt('x' as never),
        contractMessage('port-progress-evt', 'input-port?', '"x"'),
      ],
      [
        () => portCommitPeeked(-1, pe, alwaysEvt, i),
        contractMessage('port-commit-peeked', 'exact-nonnegative-integer?', '-1'),
        'rejects',
      ],
      [
        () => portCommitPeeked(1, 'x' as never, alwaysEvt, i),
        contractMessage('port-commit-peeked', 'progress-evt?', '"x"'),
        'rejects',
      ],
      [
        () => portCommitPeeked(1, pe, pe, i),
        contractMessage('port-commit-peeked', commitEvts, '#<progress-evt>'),
        'rejects',
      ],
      [
        () => portCommitPeeked(1, pe, alwaysEvt, other),
        `port-commit-peeked: ${notMine}`,
        'rejects',
      ],
      [() => peekBytesAvailNowait(Buffer.alloc(1), 0, pe, other), `peek-bytes-avail!*: ${notMine}`],
      [
        () => peekBytesAvailNowait(Buffer.alloc(1), 0, 'y' as never, i),
        contractMessage('peek-bytes-avail!*', '(or/c #f progress-evt?)', '"y"'),
      ],
      [() => peekBytesEvt(1, 0, pe, other), `peek-bytes-evt: ${notMine}`],
    ]);
  });
});

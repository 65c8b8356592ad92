import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alwaysEvt,
  isSemaphore,
  killThread,
  makeSemaphore,
  semaphorePeekEvt,
  semaphorePost,
  semaphoreWait,
  sync,
  syncTimeout,
  thread,
  threadWait,
  wrapEvt,
} from '../index.js';
import { flush, isPending } from '../test-support/async.js';
import {
  assertContractErrors,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => makeSemaphore(-1), contractMessage('make-semaphore', 'exact-nonnegative-integer?', '-1')],
  [
    () => makeSemaphore(1.5),
    contractMessage('make-semaphore', 'exact-nonnegative-integer?', '1.5'),
  ],
  [() => semaphorePost(1 as never), contractMessage('semaphore-post', 'semaphore?', '1')],
  [
    () => semaphoreWait(1 as never),
    contractMessage('semaphore-wait', 'semaphore?', '1'),
    'rejects',
  ],
  [() => semaphorePeekEvt(1 as never), contractMessage('semaphore-peek-evt', 'semaphore?', '1')],
];

describe('semaphores', () => {
  it('start at the count given (0 by default)', () => {
    assert.equal(makeSemaphore().count, 0);
    assert.equal(makeSemaphore(3).count, 3);
    assert.ok(isSemaphore(makeSemaphore()));
    assert.ok(!isSemaphore({}));
  });

  it('check their arguments', () => assertContractErrors(CONTRACT_CASES));

  it('decrement on wait and increment on post', async () => {
    const s = makeSemaphore(2);
    await semaphoreWait(s);
    await semaphoreWait(s);
    assert.equal(s.count, 0);
    semaphorePost(s);
    assert.equal(s.count, 1);
    await semaphoreWait(s);
    assert.equal(s.count, 0);
  });

  it('make a wait block until a post', async () => {
    const s = makeSemaphore(0);
    const waiting = semaphoreWait(s);
    assert.ok(await isPending(waiting));
    semaphorePost(s);
    await waiting;
    assert.equal(s.count, 0, 'the post went to the waiter');
  });

  it('are events whose result is the semaphore, taking a unit when chosen', async () => {
    const s = makeSemaphore(1);
    assert.equal(await sync(s), s);
    assert.equal(s.count, 0);
    assert.equal(await syncTimeout(0, s), false);
  });

  it('serve waiters first come, first served', async () => {
    const s = makeSemaphore(0);
    const order: string[] = [];
    const names = ['first', 'second', 'third'];
    for (const name of names) {
      thread(async () => {
        await semaphoreWait(s);
        order.push(name);
      });
      await flush();
    }
    for (let i = 0; i < names.length; i++) {
      semaphorePost(s);
      await flush();
      assert.deepEqual(order, names.slice(0, i + 1));
    }
  });

  it('never let a later arrival take a post meant for a waiter', async () => {
    const s = makeSemaphore(0);
    const waiter = semaphoreWait(s);
    await flush();
    semaphorePost(s);
    assert.equal(await syncTimeout(0, s), false, 'the unit was handed to the waiter');
    await waiter;
  });

  it('do not hand a post to a waiter that was killed', async () => {
    const s = makeSemaphore(0);
    const t = thread(() => semaphoreWait(s));
    await flush();
    killThread(t);
    semaphorePost(s);
    assert.equal(s.count, 1);
  });

  it('do not hand a post to a sync that chose another event', async () => {
    const s = makeSemaphore(0);
    const other = makeSemaphore(0);
    const waiting = sync(s, other);
    await flush();
    semaphorePost(other);
    assert.equal(await waiting, other);
    semaphorePost(s);
    assert.equal(s.count, 1);
  });

  it('wake a waiter that also waits for something else', async () => {
    const s = makeSemaphore(0);
    const t = thread(() =>
      sync(
        s,
        wrapEvt(makeSemaphore(0), () => 'never'),
      ),
    );
    await flush();
    semaphorePost(s);
    await threadWait(t);
    assert.equal(s.count, 0);
  });
});

describe('semaphorePeekEvt', () => {
  it('is ready when the count is positive, without taking a unit; its result is itself', async () => {
    const s = makeSemaphore(0);
    const peek = semaphorePeekEvt(s);
    assert.equal(await syncTimeout(0, peek), false);
    semaphorePost(s);
    assert.equal(await sync(peek), peek);
    assert.equal(await sync(peek), peek);
    assert.equal(s.count, 1);
  });

  it('wakes a waiting sync on a post and leaves the unit for a waiter', async () => {
    const s = makeSemaphore(0);
    const peek = semaphorePeekEvt(s);
    const peeking = sync(peek);
    assert.ok(await isPending(peeking));
    semaphorePost(s);
    assert.equal(await peeking, peek);
    assert.equal(s.count, 1);
    assert.equal(await sync(s), s);
  });

  it('competes fairly with other ready events', async () => {
    const s = makeSemaphore(1);
    let peeked = 0;
    for (let i = 0; i < 100; i++) {
      if ((await sync(semaphorePeekEvt(s), alwaysEvt)) !== alwaysEvt) peeked++;
    }
    assert.equal(s.count, 1);
    assert.ok(peeked > 0 && peeked < 100);
  });
});

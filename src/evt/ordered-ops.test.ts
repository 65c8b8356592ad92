/** `OperationQueue` and `Turn`: call order, and turns given up by breaks and kills. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExnBreak } from '../exn/exn.js';
import { parameterizeBreak } from '../thread/break.js';
import { breakThread, killThread, thread, threadWait } from '../thread/thread.js';
import { flush, isPending } from '../test-support/async.js';
import { OperationQueue } from './ordered-ops.js';
import { syncTimeout } from './sync.js';

describe('OperationQueue', () => {
  it('lets turns go in call order; finishing twice is harmless; idle is reported', async () => {
    let idle = 0;
    const queue = new OperationQueue(() => idle++);
    const log: number[] = [];
    const a = queue.enter();
    const b = queue.enter();
    const c = queue.enter();
    assert.equal(queue.busy, true);
    assert.deepEqual([a.isReady, b.isReady, c.isReady], [true, false, false]);
    const done = Promise.all([
      c.wait(false).then(() => log.push(3)),
      b.wait(false).then(() => log.push(2)),
      a.wait(false).then(() => log.push(1)),
    ]);
    await flush();
    assert.deepEqual(log, [1]);
    a.finish();
    a.finish();
    await flush();
    assert.deepEqual(log, [1, 2]);
    b.finish();
    await done;
    assert.deepEqual(log, [1, 2, 3]);
    c.finish();
    assert.equal(queue.busy, false);
    assert.equal(idle, 1);
  });

  it('a turn is an event: ready when it holds the object', async () => {
    const queue = new OperationQueue();
    const a = queue.enter();
    const b = queue.enter();
    assert.equal(await syncTimeout(0, b), false);
    assert.equal(await syncTimeout(0, a), a);
    a.finish();
    assert.equal(await syncTimeout(0, b), b);
    b.finish();
  });

  it('a turn finished before it came is skipped, and later turns still wait for earlier ones', async () => {
    const queue = new OperationQueue();
    const a = queue.enter();
    const b = queue.enter();
    const c = queue.enter();
    b.finish();
    assert.equal(await isPending(c.wait(false)), true, 'c waits for a, not for b');
    a.finish();
    assert.equal(c.isReady, true);
    c.finish();
    assert.equal(queue.busy, false);
  });

  it('a break ends the wait for a turn (breaks enabled), and the turn is given up', async () => {
    const queue = new OperationQueue();
    const first = queue.enter();
    let outcome: unknown = null;
    const t = parameterizeBreak(false, () =>
      thread(async () => {
        const turn = queue.enter();
        try {
          await turn.wait(true);
          outcome = 'got the turn';
        } catch (e) {
          outcome = e;
        } finally {
          turn.finish();
        }
      }),
    );
    await flush();
    breakThread(t);
    await threadWait(t);
    assert.ok(outcome instanceof ExnBreak, String(outcome));
    const last = queue.enter();
    first.finish();
    assert.equal(last.isReady, true);
    last.finish();
  });

  it('with breaks disabled, the wait for a turn is not broken', async () => {
    const queue = new OperationQueue();
    const first = queue.enter();
    let outcome: unknown = null;
    const t = parameterizeBreak(false, () =>
      thread(async () => {
        const turn = queue.enter();
        await turn.wait(false);
        outcome = 'got the turn';
        turn.finish();
      }),
    );
    await flush();
    breakThread(t);
    await flush();
    assert.equal(outcome, null);
    first.finish();
    await threadWait(t);
    assert.equal(outcome, 'got the turn');
  });

  it('a kill gives up a turn, waited for or held', async () => {
    const queue = new OperationQueue();
    const first = queue.enter();
    const waiting = thread(async () => {
      await queue.enter().wait(false);
    });
    const holding = thread(async () => {
      const turn = queue.enter();
      await turn.wait(false);
      // Holds the turn while waiting for something else that never comes.
      await syncTimeout(false, queue.enter());
    });
    await flush();
    killThread(waiting);
    first.finish();
    await flush();
    killThread(holding);
    await flush();
    assert.equal(queue.busy, false, 'every turn was given up');
  });
});

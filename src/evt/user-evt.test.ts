/**
 * User-defined events (Racket's `prop:evt`): `PropEvt` stands for another event, `CustomEvt`
 * has its own poll and watch. Both work wherever an event does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CustomEvt,
  type Evt,
  ExnBreak,
  ExnFail,
  PropEvt,
  alwaysEvt,
  breakThread,
  channelPut,
  choiceEvt,
  isEvt,
  makeChannel,
  neverEvt,
  notReady,
  sync,
  syncEnableBreak,
  syncTimeout,
  thread,
  threadWait,
  wrapEvt,
} from '../index.js';
import { pause } from '../test-support/async.js';

/** A queue whose event takes the first item: only a sync that chooses it takes one. */
class Queue<T> extends CustomEvt<T> {
  readonly items: T[] = [];
  readonly wakes = new Set<() => void>();
  push(v: T): void {
    this.items.push(v);
    for (const wake of this.wakes) wake();
  }
  poll(): T | typeof notReady {
    return this.items.length > 0 ? this.items.shift()! : notReady;
  }
  watchReady(wake: () => void): () => void {
    this.wakes.add(wake);
    return () => this.wakes.delete(wake);
  }
}

/** A struct-like class whose instances stand for a channel (Racket: `prop:evt` with a field). */
class Inbox<T> extends PropEvt<T> {
  readonly ch = makeChannel<T>();
  calls = 0;
  evt(): Evt<T> {
    this.calls++;
    return this.ch;
  }
}

describe('PropEvt (prop:evt with a procedure)', () => {
  it('is an event that stands for the event its evt() returns, asked once per sync', async () => {
    const inbox = new Inbox<string>();
    assert.ok(isEvt(inbox));
    let result: unknown;
    const t = thread(async () => {
      result = await sync(inbox);
    });
    await pause(5);
    assert.equal(inbox.calls, 1);
    await channelPut(inbox.ch, 'hello');
    await threadWait(t);
    assert.equal(result, 'hello');
  });

  it('works inside choiceEvt and wrapEvt, and with a timeout', async () => {
    const inbox = new Inbox<number>();
    assert.equal(await syncTimeout(0, inbox), false);
    assert.equal(
      await sync(
        choiceEvt<unknown>(
          inbox,
          wrapEvt(alwaysEvt, () => 'other'),
        ),
      ),
      'other',
    );
    assert.equal(inbox.calls, 2);
  });

  it('a result that is not an event stands for one ready at once with the instance', async () => {
    class Ready extends PropEvt<unknown> {
      evt(): unknown {
        return 5;
      }
    }
    const r = new Ready();
    assert.equal(await sync(r), r);
  });

  it('what evt() raises, the sync raises', async () => {
    class Broken extends PropEvt<unknown> {
      evt(): Evt {
        throw new ExnFail('broken: no event');
      }
    }
    await assert.rejects(sync(new Broken()), ExnFail);
  });
});

describe('CustomEvt (own poll and watch)', () => {
  it('waits until its poll commits, then returns the result', async () => {
    const q = new Queue<string>();
    const t = thread(async () => assert.equal(await sync(q), 'a'));
    await pause(5);
    assert.equal(q.wakes.size, 1);
    q.push('a');
    await threadWait(t);
    assert.equal(q.wakes.size, 0, 'the watch is undone once the sync ends');
  });

  it('only the chosen one of several takes effect', async () => {
    const a = new Queue<string>();
    const b = new Queue<string>();
    a.push('a');
    b.push('b');
    const got = await sync(a, b);
    assert.equal(a.items.length + b.items.length, 1);
    assert.ok(got === 'a' ? b.items.length === 1 : a.items.length === 1);
  });

  it('takes part in syncTimeout and in a wait broken with breaks enabled', async () => {
    const q = new Queue<number>();
    assert.equal(await syncTimeout(0.01, q), false);
    let raised: unknown;
    const t = thread(async () => {
      try {
        await syncEnableBreak(q, neverEvt);
      } catch (e) {
        raised = e;
      }
    });
    await pause(5);
    breakThread(t);
    await threadWait(t);
    assert.ok(raised instanceof ExnBreak);
    q.push(1);
    assert.equal(q.items.length, 1, 'the broken sync took nothing');
    assert.equal(await sync(q), 1);
  });
});

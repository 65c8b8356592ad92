import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import {
  currentThread,
  makeParameter,
  parameterize,
  sleep,
  thread,
  threadWait,
  type Thread,
} from '../index.js';
import { contextMechanism, type Wait, Waits } from './context.js';

/** A promise resolved from a timer callback: nothing of the awaiting thread is in its making. */
const later = <T>(value: T, ms = 1): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('the dynamic context (thread, parameters) across asynchronous steps', () => {
  it('follows every await of a thread, whoever settles the promise', async () => {
    const seen: boolean[] = [];
    let self: Thread | null = null;
    const t = thread(async () => {
      self = currentThread();
      await later(1);
      seen.push(currentThread() === self);
      await Promise.all([later(2), later(3, 3)]);
      seen.push(currentThread() === self);
      await { then: (resolve: (v: number) => void) => setTimeout(() => resolve(4), 1) };
      seen.push(currentThread() === self);
      await (async () => {
        await later(5);
        seen.push(currentThread() === self);
      })();
      seen.push(currentThread() === self);
      await sleep(0.001);
      seen.push(currentThread() === self);
    });
    await threadWait(t);
    assert.equal(self, t);
    assert.deepEqual(seen, [true, true, true, true, true, true]);
  });

  it('runs a then callback a thread registers in that thread', async () => {
    let inThen: Thread | null = null;
    const t = thread(() =>
      later(1).then(() => {
        inThen = currentThread();
      }),
    );
    await threadWait(t);
    assert.equal(inThen, t);
  });

  it('keeps interleaved threads apart', async () => {
    const mismatches: string[] = [];
    const threads = [0, 1, 2].map((k) =>
      thread(async () => {
        const self = currentThread();
        for (let i = 0; i < 20; i++) {
          await later(null, (i + k) % 3);
          if (currentThread() !== self) mismatches.push(`${String(k)}:${String(i)}`);
        }
      }),
    );
    for (const t of threads) await threadWait(t);
    assert.deepEqual(mismatches, []);
  });

  it('gives plain callbacks a thread schedules the context its mechanism gives them', async () => {
    // Promise hooks: timers, immediates and ticks run as the main thread. AsyncLocalStorage
    // (AsyncContextFrame): they run in the thread that scheduled them. Events run in the
    // context of whoever emits them, with either.
    const main = currentThread();
    const emitter = new EventEmitter();
    const seen = new Map<string, Thread>();
    const t = thread(async () => {
      emitter.on('x', () => seen.set('event', currentThread()));
      setTimeout(() => seen.set('timer', currentThread()), 1);
      setImmediate(() => seen.set('immediate', currentThread()));
      process.nextTick(() => seen.set('tick', currentThread()));
      await later(null, 5);
    });
    await threadWait(t);
    emitter.emit('x');
    const scheduler = contextMechanism === 'promise-hooks' ? main : t;
    assert.deepEqual(
      seen,
      new Map([
        ['tick', scheduler],
        ['immediate', scheduler],
        ['timer', scheduler],
        ['event', main],
      ]),
    );
  });

  it('keeps a parameterization for the extent of its thunk, across awaits, and not outside', async () => {
    const p = makeParameter('outer');
    const inside: unknown[] = [];
    const done = parameterize([[p, 'inner']], async () => {
      inside.push(p());
      await later(null);
      inside.push(p());
    });
    assert.equal(p(), 'outer', 'the thunk is suspended: its binding is not in effect here');
    await done;
    assert.deepEqual(inside, ['inner', 'inner']);
    assert.equal(p(), 'outer');
  });
});

describe("Waits (a thread's waits in progress)", () => {
  const wait = (): Wait => ({ interruptForBreak: () => false, interruptForKill: () => {} });

  it('keeps one wait or many, lists them oldest first, and forgets deleted ones', () => {
    const waits = new Waits();
    const [a, b, c] = [wait(), wait(), wait()];
    assert.deepEqual(waits.list(), []);
    waits.add(a);
    waits.add(a);
    assert.deepEqual(waits.list(), [a]);
    waits.add(b);
    waits.add(c);
    assert.deepEqual(waits.list(), [a, b, c]);
    waits.delete(b);
    assert.deepEqual(waits.list(), [a, c]);
    waits.delete(a);
    waits.add(c);
    assert.deepEqual(waits.list(), [c], 'a wait already kept is not kept twice');
    waits.add(b);
    assert.deepEqual(waits.list(), [b, c]);
    waits.delete(c);
    waits.delete(b);
    waits.delete(b);
    assert.deepEqual(waits.list(), []);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type Evt,
  alwaysEvt,
  choiceEvt,
  guardEvt,
  handleEvt,
  makeSemaphore,
  nackGuardEvt,
  neverEvt,
  replaceEvt,
  semaphorePost,
  sync,
  thread,
  wrapEvt,
} from '../index.js';

setFlagsFromString('--expose-gc');
/** A full garbage collection, so that heap sizes measure what is still reachable. */
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
const MB = 1024 * 1024;

describe('handleEvt in tail position (sync.rktl:345)', () => {
  it('runs half a million rounds of sync(handleEvt(…, () => loop())) in constant stack and memory', async () => {
    // Racket's test runs a million; half as many show the same flat heap in less time.
    const rounds = 500_000;
    const heaps: number[] = [];
    let n = 0;
    const loop = (): Promise<unknown> | string => {
      if (n % 125_000 === 0) heaps.push(heapAfterGc());
      return n++ < rounds ? sync(handleEvt(alwaysEvt, () => loop())) : 'done';
    };
    assert.equal(await loop(), 'done');
    assert.equal(n, rounds + 1);
    const growth = Math.max(...heaps) - heaps[0]!;
    assert.ok(growth < 16 * MB, `heap grew ${(growth / MB).toFixed(1)} MB over ${rounds} rounds`);
  });

  it('keeps constant memory when every round waits (a semaphore another thread posts)', async () => {
    const rounds = 100_000;
    const s = makeSemaphore(0);
    thread(async () => {
      for (let i = 0; i < rounds; i++) {
        semaphorePost(s);
        if (i % 100 === 0) await null;
      }
    });
    const heaps: number[] = [];
    let n = 0;
    const loop = (): Promise<unknown> | number => {
      if (n % 25_000 === 0) heaps.push(heapAfterGc());
      return n++ < rounds ? sync(handleEvt(s, () => loop())) : n;
    };
    assert.equal(await loop(), rounds + 1);
    const growth = Math.max(...heaps) - heaps[0]!;
    assert.ok(growth < 16 * MB, `heap grew ${(growth / MB).toFixed(1)} MB`);
  });

  it('settles an inner sync promise that a handler kept and waits for later', async () => {
    let kept: Promise<unknown> | undefined;
    let n = 0;
    const loop = (): Promise<unknown> | string =>
      n++ < 5
        ? sync(
            handleEvt(alwaysEvt, () => {
              const p = loop();
              if (n === 3) kept = p as Promise<unknown>;
              return p;
            }),
          )
        : 'end';
    assert.equal(await loop(), 'end');
    assert.equal(await kept, 'end', 'the kept promise settles with the loop');
    // Kept and awaited while the loop still runs.
    n = 0;
    let early: unknown = null;
    const loop2 = (): Promise<unknown> | string =>
      n++ < 50
        ? sync(
            handleEvt(alwaysEvt, () => {
              const p = loop2();
              if (n === 2) void (p as Promise<unknown>).then((v) => (early = v));
              return p;
            }),
          )
        : 'end2';
    assert.equal(await loop2(), 'end2');
    await null;
    assert.equal(early, 'end2');
  });

  it('passes on what the procedure returns or raises, and is in tail position only outermost', async () => {
    assert.equal(await sync(handleEvt(alwaysEvt, () => 7)), 7);
    assert.equal(await sync(handleEvt(alwaysEvt, () => Promise.resolve(8))), 8);
    await assert.rejects(
      sync(
        handleEvt(alwaysEvt, () => {
          throw new Error('handler failed');
        }),
      ),
      /handler failed/,
    );
    // A wrap around a handle: the handle's procedure runs first, the wrap's on its result.
    const order: string[] = [];
    const nested = wrapEvt(
      handleEvt(alwaysEvt, () => (order.push('handle'), 1)),
      (v) => (order.push('wrap'), v + 1),
    );
    assert.equal(await sync(nested), 2);
    assert.deepEqual(order, ['handle', 'wrap']);
  });
});

describe('deeply nested events (sync.rktl:670, 1488)', () => {
  const depth = 50_000;
  const nest = (wrap: (e: Evt<unknown>) => Evt<unknown>): Evt<unknown> => {
    let e: Evt<unknown> = alwaysEvt;
    for (let i = 0; i < depth; i++) e = wrap(e);
    return e;
  };

  it(`syncs on choices, wraps, replaces, guards and nack-guards nested ${depth} deep`, async () => {
    assert.equal(await sync(nest((e) => choiceEvt(neverEvt, e))), alwaysEvt);
    assert.equal(
      await sync(nest((e) => wrapEvt(e, (v) => (typeof v === 'number' ? v + 1 : 1)))),
      depth,
    );
    assert.equal(await sync(nest((e) => replaceEvt(e, () => alwaysEvt))), alwaysEvt);
    assert.equal(await sync(nest((e) => guardEvt(() => e))), alwaysEvt);
    assert.equal(await sync(nest((e) => nackGuardEvt(() => e))), alwaysEvt);
  });

  it('fires the nacks of a deep branch that is not chosen, and none of the chosen one', async () => {
    let fired = 0;
    let notFired = true;
    let losing: Evt<unknown> = neverEvt;
    for (let i = 0; i < 1000; i++) {
      const inner = losing;
      losing = nackGuardEvt((nack) => {
        void sync(nack).then(() => fired++);
        return inner;
      });
    }
    let winning: Evt<unknown> = alwaysEvt;
    for (let i = 0; i < 1000; i++) {
      const inner = winning;
      winning = nackGuardEvt((nack) => {
        void sync(nack).then(() => (notFired = false));
        return inner;
      });
    }
    assert.equal(await sync(choiceEvt(losing, winning)), alwaysEvt);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fired, 1000);
    assert.ok(notFired);
  });
});

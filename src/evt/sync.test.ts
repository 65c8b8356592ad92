import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Evt,
  ExnBreak,
  ExnFailContract,
  alarmEvt,
  alwaysEvt,
  breakThread,
  choiceEvt,
  currentInexactMilliseconds,
  guardEvt,
  handleEvt,
  isEvt,
  isThreadDead,
  killThread,
  makeSemaphore,
  nackGuardEvt,
  neverEvt,
  replaceEvt,
  semaphorePost,
  sync,
  syncEnableBreak,
  syncTimeout,
  syncTimeoutEnableBreak,
  thread,
  threadWait,
  wrapEvt,
  makePipe,
  readBytesInto,
  writeBytes,
  type InputPort,
  type OutputPort,
} from '../index.js';
import { NOT_READY, PrimitiveEvt, type Unwatch, noUnwatch } from './evt.js';
import { flush, isPending } from '../test-support/async.js';
import {
  assertContractErrors,
  assertRejectsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** A primitive evt that counts its polls and is ready once `ready` is set. */
class Switch extends PrimitiveEvt<string> {
  polls = 0;
  ready = false;
  poll(): string | typeof NOT_READY {
    this.polls++;
    return this.ready ? 'switched' : NOT_READY;
  }
  watch(): Unwatch {
    return noUnwatch;
  }
}

/** Remembers the nack handed to a nack guard, so a test can check whether it is ready. */
function nackRecorder(inner: Evt) {
  const nacks: Evt<undefined>[] = [];
  const evt = nackGuardEvt((nack) => {
    nacks.push(nack);
    return inner;
  });
  return { evt, nacks, last: () => nacks[nacks.length - 1]! };
}

const isReady = async (evt: Evt): Promise<boolean> =>
  (await syncTimeout(
    0,
    wrapEvt(evt, () => 'ready'),
  )) === 'ready';

const timeoutContract = '(or/c #f (and/c real? (not/c negative?)) (-> any))';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => sync(1 as never), contractMessage('sync', 'evt?', '1'), 'rejects'],
  [() => sync(alwaysEvt, 1 as never), contractMessage('sync', 'evt?', '1'), 'rejects'],
  [() => syncEnableBreak(1 as never), contractMessage('sync/enable-break', 'evt?', '1'), 'rejects'],
  [() => syncTimeout(1, 'x' as never), contractMessage('sync/timeout', 'evt?', '"x"'), 'rejects'],
  [
    () => syncTimeout(-1, alwaysEvt),
    contractMessage('sync/timeout', timeoutContract, '-1'),
    'rejects',
  ],
  [
    () => syncTimeout(NaN, alwaysEvt),
    contractMessage('sync/timeout', timeoutContract, '+nan.0'),
    'rejects',
  ],
  [
    () => syncTimeoutEnableBreak('x' as never),
    contractMessage('sync/timeout/enable-break', timeoutContract, '"x"'),
    'rejects',
  ],
  [() => choiceEvt(alwaysEvt, 1 as never), contractMessage('choice-evt', 'evt?', '1')],
  [() => wrapEvt(1 as never, () => 0), contractMessage('wrap-evt', 'evt?', '1')],
  [() => wrapEvt(alwaysEvt, 1 as never), contractMessage('wrap-evt', 'procedure?', '1')],
  [() => handleEvt(alwaysEvt, 1 as never), contractMessage('handle-evt', 'procedure?', '1')],
  [() => handleEvt(1 as never, () => 0), contractMessage('handle-evt', 'evt?', '1')],
  [() => guardEvt(1 as never), contractMessage('guard-evt', '(any/c . -> . evt?)', '1')],
  [
    () => nackGuardEvt(1 as never),
    contractMessage('nack-guard-evt', '(procedure-arity-includes/c 1)', '1'),
  ],
  [() => replaceEvt(alwaysEvt, 1 as never), contractMessage('replace-evt', 'procedure?', '1')],
  [() => replaceEvt(1 as never, () => alwaysEvt), contractMessage('replace-evt', 'evt?', '1')],
];

describe('sync', () => {
  it('returns the result of a ready event; alwaysEvt gives itself', async () => {
    assert.equal(await sync(alwaysEvt), alwaysEvt);
    assert.equal(await sync(neverEvt, alwaysEvt), alwaysEvt);
  });

  it('recognises events', () => {
    for (const evt of [
      alwaysEvt,
      neverEvt,
      makeSemaphore(),
      choiceEvt(),
      guardEvt(() => alwaysEvt),
    ]) {
      assert.ok(isEvt(evt));
    }
    for (const value of [1, null, undefined, {}, () => alwaysEvt, Promise.resolve()]) {
      assert.ok(!isEvt(value));
    }
  });

  it('blocks when given no events (shown with a timeout and with a break)', async () => {
    assert.equal(await syncTimeout(0.02), false);
    assert.ok(await isPending(sync()));
    let caught: unknown;
    const t = thread(async () => {
      try {
        await sync();
      } catch (error) {
        caught = error;
      }
    });
    await flush();
    assert.ok(!isThreadDead(t));
    breakThread(t);
    await threadWait(t);
    assert.ok(caught instanceof ExnBreak);
  });

  it('checks its arguments, and those of the event constructors', () =>
    assertContractErrors(CONTRACT_CASES));

  it('raises an error thrown by a poll, as the chosen event', async () => {
    class Failing extends PrimitiveEvt<never> {
      poll(): never {
        throw new ExnFailContract('failing: broken');
      }
      watch(): Unwatch {
        return noUnwatch;
      }
    }
    await assertRejectsExn(sync(new Failing()), ExnFailContract, 'failing: broken');
  });
});

describe('syncTimeout', () => {
  it('with 0 polls each event once and returns false when none is ready', async () => {
    const s = new Switch();
    assert.equal(await syncTimeout(0, s, neverEvt), false);
    assert.equal(s.polls, 1);
    s.ready = true;
    assert.equal(await syncTimeout(0, s), 'switched');
  });

  it('with 0 calls guards once', async () => {
    let calls = 0;
    const g = guardEvt(() => {
      calls++;
      return neverEvt;
    });
    assert.equal(await syncTimeout(0, g), false);
    assert.equal(calls, 1);
  });

  it('with a thunk calls it (and returns its result) only when nothing is ready', async () => {
    let calls = 0;
    const thunk = () => {
      calls++;
      return 'from thunk';
    };
    assert.equal(await syncTimeout(thunk, neverEvt), 'from thunk');
    assert.equal(calls, 1);
    assert.equal(await syncTimeout(thunk, alwaysEvt), alwaysEvt);
    assert.equal(calls, 1);
    assert.equal(await syncTimeout(thunk), 'from thunk');
  });

  it('with false or null waits without limit', async () => {
    const s = makeSemaphore(0);
    const waiting = syncTimeout(false, s);
    const waitingNull = syncTimeout(null, s);
    assert.ok(await isPending(waiting));
    semaphorePost(s);
    semaphorePost(s);
    assert.equal(await waiting, s);
    assert.equal(await waitingNull, s);
  });

  it('with seconds returns false once they pass, and the result if ready before', async () => {
    const start = currentInexactMilliseconds();
    assert.equal(await syncTimeout(0.03, neverEvt), false);
    assert.ok(currentInexactMilliseconds() - start >= 29, 'did not return before the timeout');
    const s = makeSemaphore(0);
    setTimeout(() => semaphorePost(s), 5);
    assert.equal(await syncTimeout(30, s), s);
  });

  it('keeps one deadline when a replace-evt restarts the wait', async () => {
    const start = currentInexactMilliseconds();
    // The replace happens at 100 ms; the deadline is 150 ms after the start, not after the
    // replace (250 ms), so the competing alarm at 200 ms must lose to the timeout.
    const replaced = replaceEvt(alarmEvt(start + 100), () => neverEvt);
    const late = wrapEvt(alarmEvt(start + 200), () => 'late');
    assert.equal(await syncTimeout(0.15, replaced, late), false);
  });

  it('with an infinite timeout waits for the event', async () => {
    const s = makeSemaphore(0);
    const waiting = syncTimeout(Infinity, s);
    assert.ok(await isPending(waiting));
    semaphorePost(s);
    assert.equal(await waiting, s);
  });

  it('with a timeout beyond the timer range does not fire at once', async () => {
    const t = thread(() => syncTimeout(1e7, neverEvt));
    assert.ok(await isPending(threadWait(t)));
    assert.ok(!isThreadDead(t));
    killThread(t);
  });
});

describe('choice, wrap and handle', () => {
  it('choiceEvt is ready when one of its events is, with that result', async () => {
    assert.equal(
      await sync(
        choiceEvt(
          neverEvt,
          wrapEvt(alwaysEvt, () => 'b'),
        ),
      ),
      'b',
    );
    assert.equal(await syncTimeout(0, choiceEvt()), false);
    assert.equal(await syncTimeout(0, choiceEvt(neverEvt, choiceEvt(neverEvt))), false);
  });

  it('wrapEvt maps the result, innermost wrapper first', async () => {
    const evt = wrapEvt(
      wrapEvt(alwaysEvt, (v) => [v === alwaysEvt]),
      (v) => [...v, 'outer'],
    );
    assert.deepEqual(await sync(evt), [true, 'outer']);
  });

  it('wrapEvt awaits an async wrapper before the next one sees its result', async () => {
    const inner = wrapEvt(alwaysEvt, async () => 1);
    assert.equal(await sync(wrapEvt(inner, (v) => v + 1)), 2);
  });

  it('runs a wrapper only for the chosen event', async () => {
    const ran: string[] = [];
    await sync(
      wrapEvt(neverEvt, () => ran.push('never')),
      wrapEvt(alwaysEvt, () => ran.push('always')),
    );
    assert.deepEqual(ran, ['always']);
  });

  it('rejects the sync when a wrapper throws', async () => {
    const evt = wrapEvt(alwaysEvt, () => {
      throw new ExnFailContract('wrapper: failed');
    });
    await assertRejectsExn(sync(evt), ExnFailContract, 'wrapper: failed');
  });

  it('handleEvt maps the result like wrapEvt', async () => {
    assert.equal(await sync(handleEvt(alwaysEvt, () => 'handled')), 'handled');
    assert.equal(
      await sync(
        handleEvt(
          wrapEvt(alwaysEvt, () => 2),
          (v) => v * 3,
        ),
      ),
      6,
    );
  });
});

describe('guardEvt', () => {
  it('calls its thunk at every sync', async () => {
    let calls = 0;
    const g = guardEvt(() => wrapEvt(alwaysEvt, () => ++calls));
    assert.equal(await sync(g), 1);
    assert.equal(await sync(g), 2);
    assert.equal(await syncTimeout(0, g), 3);
    assert.equal(await sync(choiceEvt(g, neverEvt)), 4);
  });

  it('makes a fresh event each time', async () => {
    let n = 0;
    const g = guardEvt(() => {
      n++;
      return n % 2 === 0 ? alwaysEvt : neverEvt;
    });
    assert.equal(await syncTimeout(0, g), false);
    assert.equal(await syncTimeout(0, g), alwaysEvt);
  });

  it('stands for a ready event whose result is the guard when the thunk returns a non-event', async () => {
    const g = guardEvt(() => 5 as never);
    assert.equal(await sync(g), g);
    assert.equal(await syncTimeout(0, g), g);
  });

  it('rejects the sync when the thunk throws', async () => {
    const g = guardEvt(() => {
      throw new ExnFailContract('guard: failed');
    });
    await assertRejectsExn(sync(g), ExnFailContract, 'guard: failed');
  });
});

describe('nackGuardEvt', () => {
  it('gives a nack that is not ready when its branch was chosen', async () => {
    const r = nackRecorder(wrapEvt(alwaysEvt, () => 'guarded'));
    assert.equal(await sync(r.evt), 'guarded');
    assert.equal(r.nacks.length, 1);
    assert.ok(!(await isReady(r.last())));
  });

  it('makes the nack ready when another branch is chosen', async () => {
    const r = nackRecorder(neverEvt);
    assert.equal(
      await sync(
        r.evt,
        wrapEvt(alwaysEvt, () => 'other'),
      ),
      'other',
    );
    assert.ok(await isReady(r.last()));
    assert.equal(await sync(r.last()), undefined, "a nack's result is undefined");
  });

  it('makes the nack ready when a sync/timeout of 0 finds nothing', async () => {
    const r = nackRecorder(neverEvt);
    assert.equal(await syncTimeout(0, r.evt), false);
    assert.ok(await isReady(r.last()));
  });

  it('makes the nack ready when the timeout passes', async () => {
    const r = nackRecorder(neverEvt);
    assert.equal(await syncTimeout(0.01, r.evt), false);
    assert.ok(await isReady(r.last()));
  });

  it('makes the nack ready when the timeout thunk is called', async () => {
    const r = nackRecorder(neverEvt);
    let nackReadyInThunk: boolean | undefined;
    await syncTimeout(() => {
      const nack = r.last() as PrimitiveEvt<undefined>;
      nackReadyInThunk = nack.poll({}) !== NOT_READY;
    }, r.evt);
    assert.ok(nackReadyInThunk);
    assert.ok(await isReady(r.last()));
  });

  it('makes the nack ready when the sync is broken', async () => {
    const r = nackRecorder(neverEvt);
    let caught: unknown;
    const t = thread(async () => {
      try {
        await sync(r.evt);
      } catch (error) {
        caught = error;
      }
    });
    await flush();
    assert.equal(r.nacks.length, 1);
    assert.ok(!(await isReady(r.last())), 'not ready while the sync waits');
    breakThread(t);
    await threadWait(t);
    assert.ok(caught instanceof ExnBreak);
    assert.ok(await isReady(r.last()));
  });

  it('makes the nack ready when the syncing thread is killed', async () => {
    const r = nackRecorder(neverEvt);
    const t = thread(() => sync(r.evt));
    await flush();
    assert.ok(!(await isReady(r.last())));
    killThread(t);
    assert.ok(await isReady(r.last()));
  });

  it('makes the nack ready when the sync raises an error from another branch', async () => {
    const r = nackRecorder(neverEvt);
    const failing = guardEvt(() => {
      throw new ExnFailContract('guard: failed');
    });
    await assertRejectsExn(sync(r.evt, failing), ExnFailContract, 'guard: failed');
    assert.ok(await isReady(r.last()));
  });

  it('wakes a sync waiting on the nack', async () => {
    const r = nackRecorder(neverEvt);
    const s = makeSemaphore(0);
    const chooser = sync(r.evt, s);
    const watcher = sync(wrapEvt(r.last(), () => 'nacked'));
    assert.ok(await isPending(watcher));
    semaphorePost(s);
    assert.equal(await chooser, s);
    assert.equal(await watcher, 'nacked');
  });

  it('gives each nested guard its own nack, all ready when the outer branch loses', async () => {
    const inner = nackRecorder(neverEvt);
    const outer = nackRecorder(inner.evt);
    await sync(outer.evt, alwaysEvt);
    assert.ok(await isReady(inner.last()));
    assert.ok(await isReady(outer.last()));
  });

  it('keeps the nacks of the chosen branch, inner and outer, not ready', async () => {
    const inner = nackRecorder(alwaysEvt);
    const outer = nackRecorder(choiceEvt(inner.evt, neverEvt));
    const other = nackRecorder(neverEvt);
    await sync(outer.evt, other.evt);
    assert.ok(!(await isReady(inner.last())));
    assert.ok(!(await isReady(outer.last())));
    assert.ok(await isReady(other.last()));
  });

  it('stands for a ready event whose result is the guard when the procedure returns a non-event', async () => {
    const g = nackGuardEvt(() => 'not an event' as never);
    assert.equal(await sync(g), g);
  });
});

describe('replaceEvt', () => {
  it('replaces a ready event by the one made from its result', async () => {
    const evt = replaceEvt(
      wrapEvt(alwaysEvt, () => 20),
      (n) => wrapEvt(alwaysEvt, () => n + 1),
    );
    assert.equal(await sync(evt), 21);
  });

  it('applies outer wrappers to the replacement result', async () => {
    const evt = wrapEvt(
      replaceEvt(alwaysEvt, () => wrapEvt(alwaysEvt, () => 'replacement')),
      (v) => `wrapped ${v}`,
    );
    assert.equal(await sync(evt), 'wrapped replacement');
  });

  it('lets other events compete with the replacement', async () => {
    const s = makeSemaphore(0);
    const evt = replaceEvt(alwaysEvt, () => neverEvt);
    const waiting = sync(evt, s);
    assert.ok(await isPending(waiting));
    semaphorePost(s);
    assert.equal(await waiting, s);
  });

  it('calls the maker only once its event is ready, and with syncTimeout 0 times out after', async () => {
    let calls = 0;
    const evt = replaceEvt(neverEvt, () => {
      calls++;
      return alwaysEvt;
    });
    assert.equal(await syncTimeout(0, evt), false);
    assert.equal(calls, 0);
    assert.equal(
      await syncTimeout(
        0,
        replaceEvt(alwaysEvt, () => neverEvt),
      ),
      false,
    );
    assert.equal(
      await syncTimeout(
        () => 'thunk',
        replaceEvt(alwaysEvt, () => neverEvt),
      ),
      'thunk',
    );
  });

  it('stands for a ready event whose result is itself when the maker returns a non-event', async () => {
    const evt = replaceEvt(alwaysEvt, () => 5 as never);
    assert.equal(await sync(evt), evt);
  });

  it('keeps the nack of a replaced branch until the replacement is decided', async () => {
    const r = nackRecorder(replaceEvt(alwaysEvt, () => neverEvt));
    assert.equal(await syncTimeout(0.01, r.evt), false);
    assert.ok(await isReady(r.last()));
    const chosen = nackRecorder(replaceEvt(alwaysEvt, () => alwaysEvt));
    await sync(chosen.evt);
    assert.ok(!(await isReady(chosen.last())));
  });
});

describe('choosing among ready events', () => {
  it('chooses at random among the ready events', async () => {
    const names = ['a', 'b', 'c'] as const;
    const counts = { a: 0, b: 0, c: 0 };
    const evts = names.map((n) => wrapEvt(alwaysEvt, () => n));
    const rounds = 3000;
    for (let i = 0; i < rounds; i++) counts[await sync(...evts)]++;
    // Each is expected 1000 times (standard deviation about 26): the bounds are very generous.
    for (const n of names) assert.ok(counts[n] > 700 && counts[n] < 1300, JSON.stringify(counts));
  });

  it('commits only the chosen event: a semaphore not chosen keeps its unit', async () => {
    let semaphoreChosen = 0;
    const rounds = 200;
    for (let i = 0; i < rounds; i++) {
      const s = makeSemaphore(1);
      const result = await sync(s, alwaysEvt);
      if (result === s) {
        semaphoreChosen++;
        assert.equal(s.count, 0);
      } else {
        assert.equal(result, alwaysEvt);
        assert.equal(s.count, 1);
      }
    }
    assert.ok(semaphoreChosen > 0 && semaphoreChosen < rounds);
  });

  it('commits one semaphore only when several are ready', async () => {
    for (let i = 0; i < 50; i++) {
      const sems = [makeSemaphore(1), makeSemaphore(1), makeSemaphore(1)];
      const chosen = await sync(...sems);
      assert.deepEqual(
        sems.map((s) => s.count),
        sems.map((s) => (s === chosen ? 0 : 1)),
      );
    }
  });
});

describe('a thread that syncs over the same many events again (parked waiters)', () => {
  const PIPES = 40;
  const pipes = (): [InputPort, OutputPort][] =>
    Array.from({ length: PIPES }, () => makePipe() as [InputPort, OutputPort]);

  it('finds each ready port, round after round, and leaves nothing registered once it ends', async () => {
    const ports = pipes();
    const inputs = ports.map(([i]) => i);
    const seen: number[] = [];
    const server = thread(async () => {
      const buffer = new Uint8Array(1);
      for (let round = 0; round < 200; round++) {
        const ready = await sync(...inputs);
        await readBytesInto(buffer, ready);
        seen.push(buffer[0]!);
      }
    });
    const sent: number[] = [];
    for (let round = 0; round < 200; round++) {
      const k = (round * 7) % PIPES;
      sent.push(k);
      await writeBytes(Uint8Array.of(k), ports[k]![1]);
      // Mostly the byte wakes a waiting sync; every third is there before the sync starts.
      if (round % 3 !== 0) while (seen.length < sent.length) await flush();
    }
    await threadWait(server);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [...sent].sort((a, b) => a - b),
    );
    // A dead thread's parked waiters are gone from every port.
    for (const input of inputs) assert.equal(input.waiterSet().size, 0);
  });

  it('a sync over other events releases the parked waiters; a break while waiting still works', async () => {
    const first = pipes().map(([i, o]) => ({ i, o }));
    const second = pipes().map(([i, o]) => ({ i, o }));
    const sizes = (ps: { i: InputPort }[]): number[] => [
      ...new Set(ps.map(({ i }) => i.waiterSet().size)),
    ];
    let broken: unknown = null;
    const buffer = new Uint8Array(1);
    const t = thread(async () => {
      await readBytesInto(buffer, await sync(...first.map(({ i }) => i)));
      await readBytesInto(buffer, await sync(...second.map(({ i }) => i)));
      try {
        await syncEnableBreak(...second.map(({ i }) => i));
      } catch (e) {
        broken = e;
      }
      await readBytesInto(buffer, await sync(...first.map(({ i }) => i)));
    });
    await flush();
    assert.deepEqual(sizes(first), [1], 'waiting on every port of the first set');
    await writeBytes(Uint8Array.of(1), first[3]!.o);
    await flush();
    assert.deepEqual(sizes(first), [0], 'released by the sync over the second set');
    assert.deepEqual(sizes(second), [1]);
    await writeBytes(Uint8Array.of(2), second[5]!.o);
    await flush();
    assert.deepEqual(sizes(second), [1], 'the parked waiters, taken back by the next sync');
    breakThread(t);
    await flush();
    assert.ok(broken instanceof ExnBreak);
    assert.deepEqual(sizes(second), [0]);
    assert.deepEqual(sizes(first), [1]);
    await writeBytes(Uint8Array.of(3), first[0]!.o);
    await threadWait(t);
    assert.equal(buffer[0], 3);
    assert.deepEqual(sizes(first), [0]);
  });
});

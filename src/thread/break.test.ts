import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnBreak,
  ExnBreakHangUp,
  ExnBreakTerminate,
  breakEnabled,
  breakThread,
  channelGet,
  channelPut,
  checkForBreak,
  currentThread,
  isThreadDead,
  killThread,
  makeChannel,
  makeSemaphore,
  neverEvt,
  parameterizeBreak,
  semaphorePost,
  semaphoreWait,
  sync,
  syncEnableBreak,
  syncTimeout,
  syncTimeoutEnableBreak,
  thread,
  threadWait,
} from '../index.js';
import { captureStderr, flush, pause } from '../test-support/async.js';
import {
  assertContractErrors,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { raised, watched } from '../test-support/thread.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => breakThread(1 as never), contractMessage('break-thread', 'thread?', '1')],
  [
    () => breakThread(currentThread(), 'foo' as never),
    contractMessage('break-thread', "(or/c #f 'hang-up 'terminate)", '"foo"'),
  ],
  [
    () => parameterizeBreak(true, 5 as never),
    contractMessage('parameterize-break', '(-> any)', '5'),
  ],
];

describe('breakThread', () => {
  it('raises ExnBreak ("user break") in a thread blocked in a break-enabled wait', async () => {
    const w = watched(() => sync(neverEvt));
    await flush();
    breakThread(w.thread);
    const error = raised(await w.outcome);
    assert.ok(error instanceof ExnBreak);
    assert.ok(!(error instanceof ExnBreakHangUp) && !(error instanceof ExnBreakTerminate));
    assert.equal((error as ExnBreak).message, 'user break');
  });

  it('raises the kind of break asked for', async () => {
    for (const [kind, cls] of [
      ['hang-up', ExnBreakHangUp],
      ['terminate', ExnBreakTerminate],
      [false, ExnBreak],
      [null, ExnBreak],
    ] as const) {
      const w = watched(() => sync(neverEvt));
      await flush();
      breakThread(w.thread, kind);
      const error = raised(await w.outcome);
      assert.ok(error instanceof cls, String(kind));
      assert.equal((error as ExnBreak).message, 'user break');
    }
  });

  it('delivers a break sent while the thread runs at its next wait', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const w = watched(async () => {
      await gate;
      const s = makeSemaphore(1);
      await sync(s);
      return 'not broken';
    });
    await flush();
    breakThread(w.thread, 'hang-up');
    release();
    assert.ok(raised(await w.outcome) instanceof ExnBreakHangUp);
  });

  it('raises at once when a thread breaks itself with breaks enabled', async () => {
    const w = watched(() => {
      breakThread(currentThread(), 'terminate');
      return 'returned';
    });
    assert.ok(raised(await w.outcome) instanceof ExnBreakTerminate);
  });

  it('from a plain callback, breaks the main thread at its next wait instead of the caller', async () => {
    const main = currentThread();
    let thrownInCallback: unknown = null;
    setTimeout(() => {
      try {
        breakThread(main);
      } catch (error) {
        thrownInCallback = error;
      }
    }, 0);
    await pause(10);
    assert.equal(thrownInCallback, null);
    await assert.rejects(sync(neverEvt), (e) => e instanceof ExnBreak);
  });

  it('does nothing to a thread that has ended', async () => {
    const t = thread(() => {});
    await threadWait(t);
    breakThread(t);
    assert.ok(isThreadDead(t));
  });

  it('checks its arguments', () => assertContractErrors(CONTRACT_CASES));

  it('is printed like any exception when it escapes the thread', async () => {
    const stderr = await captureStderr(async () => {
      const t = thread(() => sync(neverEvt));
      await flush();
      breakThread(t);
      await threadWait(t);
    });
    assert.equal(stderr, 'user break\n');
  });
});

describe('breaks disabled', () => {
  it('are enabled by default, in the main thread and in new threads', async () => {
    assert.equal(breakEnabled(), true);
    const w = watched(() => breakEnabled());
    assert.deepEqual(await w.outcome, { value: true });
  });

  it('parameterizeBreak sets the state for its extent, across await', async () => {
    const seen = await parameterizeBreak(false, async () => {
      const before = breakEnabled();
      await flush();
      return [before, breakEnabled(), parameterizeBreak(true, () => breakEnabled())];
    });
    assert.deepEqual(seen, [false, false, true]);
    assert.equal(breakEnabled(), true);
  });

  it('a new thread starts with the break state of its creator', async () => {
    const w = parameterizeBreak(false, () => watched(() => breakEnabled()));
    assert.deepEqual(await w.outcome, { value: false });
  });

  it('keep a break pending while the thread waits, and the wait goes on', async () => {
    const s = makeSemaphore(0);
    const w = watched(() =>
      parameterizeBreak(false, async () => {
        await semaphoreWait(s);
        return 'waited';
      }),
    );
    await flush();
    breakThread(w.thread);
    await pause();
    assert.ok(!isThreadDead(w.thread), 'the wait was not broken');
    semaphorePost(s);
    assert.deepEqual(await w.outcome, { value: 'waited' });
  });

  it('deliver a pending break when breakEnabled(true) is called', async () => {
    const log = makeChannel<string>();
    const w = watched(async () => {
      breakEnabled(false);
      await channelPut(log, 'disabled');
      await channelGet(log);
      await channelPut(log, 'still running');
      breakEnabled(true);
      return 'not broken';
    });
    assert.equal(await channelGet(log), 'disabled');
    breakThread(w.thread, 'terminate');
    await channelPut(log, 'go on');
    assert.equal(await channelGet(log), 'still running');
    assert.ok(raised(await w.outcome) instanceof ExnBreakTerminate);
  });

  it('deliver a pending break on entering parameterizeBreak(true, …)', async () => {
    let entered = false;
    const w = watched(() =>
      parameterizeBreak(false, async () => {
        breakThread(currentThread(), 'hang-up');
        await flush();
        return parameterizeBreak(true, () => (entered = true));
      }),
    );
    assert.ok(raised(await w.outcome) instanceof ExnBreakHangUp);
    assert.equal(entered, false);
  });

  it('checkForBreak raises a pending break only where breaks are enabled', async () => {
    const w = watched(() => {
      const disabledCheck = parameterizeBreak(false, () => {
        breakThread(currentThread());
        checkForBreak();
        return 'no break while disabled';
      });
      assert.equal(disabledCheck, 'no break while disabled');
      checkForBreak();
      return 'not broken';
    });
    assert.ok(raised(await w.outcome) instanceof ExnBreak);
  });

  it('keep the strongest pending break', async () => {
    for (const [sent, expected] of [
      [[false, 'terminate', 'hang-up'], ExnBreakTerminate],
      [['hang-up', false], ExnBreakHangUp],
      [[false, 'hang-up'], ExnBreakHangUp],
    ] as const) {
      const w = watched(() =>
        parameterizeBreak(false, () => {
          for (const kind of sent) breakThread(currentThread(), kind);
          return parameterizeBreak(true, () => 'not broken');
        }),
      );
      assert.ok(raised(await w.outcome) instanceof expected, JSON.stringify(sent));
    }
  });

  it('deliver one pending break once only', async () => {
    const w = watched(() =>
      parameterizeBreak(false, () => {
        breakThread(currentThread());
        try {
          checkForBreak();
          parameterizeBreak(true, () => {});
        } catch (error) {
          if (!(error instanceof ExnBreak)) throw error;
        }
        parameterizeBreak(true, () => checkForBreak());
        return 'one break';
      }),
    );
    assert.deepEqual(await w.outcome, { value: 'one break' });
  });
});

describe('syncEnableBreak and syncTimeoutEnableBreak', () => {
  it('enable breaks while waiting, in a thread that has them disabled', async () => {
    const s = makeSemaphore(0);
    const w = watched(() => parameterizeBreak(false, () => syncEnableBreak(s)));
    await flush();
    breakThread(w.thread);
    assert.ok(raised(await w.outcome) instanceof ExnBreak);
    semaphorePost(s);
    assert.equal(s.count, 1, 'the broken sync took nothing');
  });

  it('raise a break already pending before polling', async () => {
    const s = makeSemaphore(1);
    const w = watched(() =>
      parameterizeBreak(false, () => {
        breakThread(currentThread());
        return syncTimeoutEnableBreak(0, s);
      }),
    );
    assert.ok(raised(await w.outcome) instanceof ExnBreak);
    assert.equal(s.count, 1);
  });

  it('give the result and leave a later break pending: never both', async () => {
    const s = makeSemaphore(0);
    let afterSync: unknown;
    const w = watched(() =>
      parameterizeBreak(false, async () => {
        afterSync = await syncEnableBreak(s);
        return parameterizeBreak(true, () => 'break was lost');
      }),
    );
    await flush();
    semaphorePost(s);
    breakThread(w.thread);
    assert.ok(raised(await w.outcome) instanceof ExnBreak, 'the break stayed pending');
    assert.equal(afterSync, s);
    assert.equal(s.count, 0);
  });

  it('either commit or break, whichever comes first, over many rounds', async () => {
    let results = 0;
    let breaks = 0;
    for (let i = 0; i < 40; i++) {
      const s = makeSemaphore(0);
      let result: unknown = 'none';
      const w = watched(() =>
        parameterizeBreak(false, async () => {
          result = await syncTimeoutEnableBreak(10, s);
        }),
      );
      await flush();
      if (i % 2 === 0) {
        semaphorePost(s);
        breakThread(w.thread);
      } else {
        breakThread(w.thread);
        semaphorePost(s);
      }
      const error = raised(await w.outcome);
      if (error === undefined) {
        results++;
        assert.equal(result, s);
        assert.equal(s.count, 0);
      } else {
        breaks++;
        assert.ok(error instanceof ExnBreak);
        assert.equal(result, 'none');
        assert.equal(s.count, 1, 'a broken sync did not take the unit');
      }
    }
    assert.deepEqual([results, breaks], [20, 20]);
  });

  it('return the result when no break comes', async () => {
    const s = makeSemaphore(1);
    assert.equal(await syncEnableBreak(s), s);
    assert.equal(await syncTimeoutEnableBreak(0, neverEvt), false);
    assert.equal(await syncTimeout(0, s), false);
  });
});

describe('kill and break together', () => {
  it('a killed thread ignores later breaks and never resumes', async () => {
    const reached: string[] = [];
    const t = thread(async () => {
      try {
        await sync(neverEvt);
      } catch {
        reached.push('caught');
      }
      reached.push('resumed');
    });
    await flush();
    killThread(t);
    breakThread(t);
    await pause();
    assert.deepEqual(reached, []);
  });
});

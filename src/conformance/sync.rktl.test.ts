// Racket's pkgs/racket-test-core/tests/racket/sync.rktl, translated. Each test names the line of
// the case it translates. `(sync (system-idle-evt))` is `idle()`; SYNC-SLEEP-DELAY is 0.025 s.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Evt,
  ExnBreak,
  ExnFailContract,
  alarmEvt,
  alwaysEvt,
  breakThread,
  channelGet,
  channelPut,
  channelPutEvt,
  choiceEvt,
  currentInexactMilliseconds,
  guardEvt,
  handleEvt,
  isEvt,
  isSemaphore,
  isThreadRunning,
  killThread,
  makeChannel,
  makePipe,
  makeSemaphore,
  nackGuardEvt,
  neverEvt,
  replaceEvt,
  semaphorePeekEvt,
  semaphorePost,
  semaphoreWait,
  sleep,
  sync,
  syncEnableBreak,
  syncTimeout,
  syncTimeoutEnableBreak,
  thread,
  threadDeadEvt,
  threadWait,
  wrapEvt,
  writeByte,
  writeString,
  channelTryGet,
  currentInexactMonotonicMilliseconds,
  isChannelPutEvt,
  isHandleEvt,
  isSemaphorePeekEvt,
  pollGuardEvt,
  systemIdleEvt,
  threadReceive,
  threadReceiveEvt,
  threadResume,
  threadResumeEvt,
  threadRewindReceive,
  threadSend,
  threadSuspend,
  threadSuspendEvt,
  threadTryReceive,
  currentThread,
} from '../index.js';
import { idle, inChildProcess, inThread } from './support.js';

const DELAY = 0.025;

/** Racket's `nack-try-wait?`: whether a nack is ready (and stays ready). */
async function nackReady(n: Evt | false | undefined): Promise<boolean> {
  if (!n || !isEvt(n)) throw new Error("NACK isn't an evt");
  const v = await syncTimeout(0, n);
  if (v !== false) {
    assert.equal(v, undefined);
    assert.equal(await sync(n), undefined);
    return true;
  }
  return false;
}

describe('sync.rktl: semaphore peeks', () => {
  it('sync.rktl:16 semaphore peeks', async () => {
    const s = makeSemaphore();
    const p = semaphorePeekEvt(s);
    const ch = makeChannel<number>();
    assert.equal(isSemaphore(s), true);
    assert.equal(isSemaphore(p), false);
    assert.equal(await syncTimeout(0, s, p), false);
    assert.equal(await syncTimeout(0, s, p), false);
    assert.equal(await syncTimeout(() => 'nope', s, p), 'nope');
    semaphorePost(s);
    assert.equal(await syncTimeout(0, p), p);
    assert.equal(await sync(p), p);
    assert.equal(await sync(s), s);
    assert.equal(await syncTimeout(0, p), false);
    thread(async () => {
      await idle();
      semaphorePost(s);
    });
    assert.equal(await sync(p), p);
    assert.equal(await sync(p), p);
    assert.equal(await syncTimeout(() => 'nope', p), p);
    assert.equal(await sync(s), s);
    assert.equal(await syncTimeout(0, p), false);
    for (let i = 0; i < 3; i++)
      thread(async () => {
        await syncTimeout(0, p);
        await channelPut(ch, 7);
      });
    semaphorePost(s);
    assert.equal(await channelGet(ch), 7);
    assert.equal(await channelGet(ch), 7);
    assert.equal(await channelGet(ch), 7);
  });

  it('sync.rktl:20 semaphore-peek-evt?', () => {
    const s = makeSemaphore();
    const p = semaphorePeekEvt(s);
    assert.equal(isSemaphorePeekEvt(p), true);
    assert.equal(isSemaphorePeekEvt(s), false);
  });

  it('sync.rktl:43 channel-try-get', async () => {
    const ch = makeChannel<number>();
    assert.equal(channelTryGet(ch), false);
    thread(() => channelPut(ch, 9));
    await idle();
    assert.equal(channelTryGet(ch), 9);
    assert.equal(channelTryGet(ch), false);
  });

  it('sync.rktl:50 semaphore-peek-evt rejects a non-semaphore', () => {
    assert.throws(() => semaphorePeekEvt(false as any), ExnFailContract);
    assert.throws(
      () => semaphorePeekEvt(semaphorePeekEvt(makeSemaphore()) as any),
      ExnFailContract,
    );
  });
});

describe('sync.rktl: channels', () => {
  it('sync.rktl:59 get and put between threads', async () => {
    const c = makeChannel<number>();
    let v: unknown = 'nope';
    assert.equal(await syncTimeout(0, c), false);
    thread(async () => {
      await idle();
      v = await channelGet(c);
    });
    assert.equal(await channelPut(c, 10), undefined);
    await idle();
    assert.equal(v, 10);
    thread(async () => {
      await idle();
      await channelPut(c, 11);
    });
    assert.equal(await syncTimeout(0, c), false);
    assert.equal(await sync(c), 11);
  });

  it('sync.rktl:66 channel-put-evt', async () => {
    const c = makeChannel<number>();
    let v: unknown;
    const p = channelPutEvt(c, 45);
    thread(async () => {
      await idle();
      v = await sync(c);
    });
    assert.equal(await syncTimeout(0, p), false);
    assert.equal(await sync(p), p);
    assert.equal(await syncTimeout(0, p), false);
    await idle();
    assert.equal(v, 45);
  });

  it('sync.rktl:67 channel-put-evt?', () => {
    const c = makeChannel<number>();
    assert.equal(isChannelPutEvt(channelPutEvt(c, 45)), true);
    assert.equal(isChannelPutEvt(c), false);
  });

  for (const [name, stop] of [
    ['break-thread', breakThread],
    ['kill-thread', killThread],
  ] as const) {
    it(`sync.rktl:75 ${name} before a channel get takes effect: only the ${name}`, async () => {
      const c = makeChannel<number>();
      let v = 45;
      const t = thread(async () => {
        v = await channelGet(c);
      });
      assert.equal(isThreadRunning(t), true);
      await idle();
      assert.equal(isThreadRunning(t), true);
      stop(t);
      assert.equal(await syncTimeout(0, channelPutEvt(c, 32)), false);
      await idle();
      assert.equal(isThreadRunning(t), false);
      assert.equal(v, 45);
    });

    it(`sync.rktl:89 ${name} before a channel put takes effect: only the ${name}`, async () => {
      const c = makeChannel<number>();
      const t = thread(() => channelPut(c, 17));
      await idle();
      assert.equal(isThreadRunning(t), true);
      stop(t);
      assert.equal(await syncTimeout(0, c), false);
      await idle();
      assert.equal(isThreadRunning(t), false);
    });
  }

  it('sync.rktl:101 a put broken before a taker arrives only breaks', async () => {
    const c = makeChannel<number>();
    let v = 45;
    let result: unknown;
    const main = thread(async () => {
      const me = main;
      thread(async () => {
        await idle();
        breakThread(me);
        v = await channelGet(c);
      });
      try {
        await sync(channelPutEvt(c, 32));
        result = 'put';
      } catch (e) {
        result = e instanceof ExnBreak ? 77 : e;
      }
    });
    await threadWait(main);
    assert.equal(result, 77);
    assert.equal(v, 45);
    await channelPut(c, 89);
    await idle();
    assert.equal(v, 89);
  });

  it('sync.rktl:118 a get broken before a giver arrives only breaks', async () => {
    const c = makeChannel<number>();
    let result: unknown;
    const main = thread(async () => {
      const me = main;
      thread(async () => {
        await idle();
        breakThread(me);
        await channelPut(c, 66);
      });
      try {
        result = await sync(c);
      } catch (e) {
        result = e instanceof ExnBreak ? 99 : e;
      }
    });
    await threadWait(main);
    assert.equal(result, 99);
    assert.equal(await syncTimeout(0, c), 66);
  });

  it('sync.rktl:131 a thread cannot sync with itself through a channel', async () => {
    const c = makeChannel<number>();
    assert.equal(await syncTimeout(0, c, channelPutEvt(c, 100)), false);
  });

  it('sync.rktl:133 cross sync of get-or-put in two threads', async () => {
    const c = makeChannel<number>();
    const c2 = makeChannel<unknown>();
    const ok = (r: unknown) => r === 100 || isEvt(r);
    thread(async () => channelPut(c2, await sync(c, channelPutEvt(c, 100))));
    thread(async () => channelPut(c2, await sync(c, channelPutEvt(c, 100))));
    assert.equal(ok(await channelGet(c2)), true);
    assert.equal(ok(await channelGet(c2)), true);
  });
});

describe('sync.rktl: alarms', () => {
  it('sync.rktl:148 alarm-evt with sync/timeout', async () => {
    assert.equal(await syncTimeout(0.1, alarmEvt(currentInexactMilliseconds() + 200)), false);
    const ok = () => wrapEvt(alarmEvt(currentInexactMilliseconds() + 50), () => 'ok');
    assert.equal(await syncTimeout(0.1, ok()), 'ok');
    assert.equal(await syncTimeout(100, ok()), 'ok');
  });

  it('sync.rktl:157 monotonic alarm-evt', async () => {
    const now = currentInexactMonotonicMilliseconds;
    const alarm = alarmEvt as (msecs: number, monotonic?: boolean) => Evt;
    assert.equal(await syncTimeout(0.1, alarm(now() + 200, true)), false);
    assert.equal(
      await syncTimeout(
        0.1,
        wrapEvt(alarm(now() + 50, true), () => 'ok'),
      ),
      'ok',
    );
  });

  it('sync.rktl:253 guarded alarms: the fast one wins', async () => {
    const delay = (amt: number) =>
      guardEvt(() => wrapEvt(alarmEvt(currentInexactMilliseconds() + 1000 * amt), () => amt));
    const fast = DELAY;
    const slow1 = 100 * DELAY;
    const slow2 = 99 * DELAY;
    assert.equal(await syncTimeout(fast, delay(slow1), delay(slow1)), false);
    assert.equal(await syncTimeout(slow1, delay(fast), delay(slow2)), fast);
    assert.equal(await syncTimeout(slow1, delay(slow2), delay(fast)), fast);
    assert.equal(await syncTimeout(slow2, delay(fast), delay(slow1)), fast);
    assert.equal(await syncTimeout(slow2, choiceEvt(delay(slow1), delay(fast))), fast);
  });
});

describe('sync.rktl: choice-evt', () => {
  it('sync.rktl:173 choice-evt rejects non-evts', () => {
    assert.throws(() => choiceEvt(7 as any), ExnFailContract);
    assert.throws(() => choiceEvt(makeSemaphore(), 7 as any), ExnFailContract);
  });

  it('sync.rktl:178 empty choices never become ready', async () => {
    assert.equal(await syncTimeout(DELAY, choiceEvt()), false);
    assert.equal(await syncTimeout(DELAY, choiceEvt(), choiceEvt()), false);
    assert.equal(await syncTimeout(DELAY, choiceEvt(choiceEvt(), choiceEvt())), false);
  });

  it('sync.rktl:182 a choice of semaphores', async () => {
    const [s1, s2, s3] = [makeSemaphore(), makeSemaphore(), makeSemaphore()];
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2, s3)), false);
    semaphorePost(s2);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2, s3)), s2);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2, s3)), false);
    const set = choiceEvt(s1, s2, s3);
    assert.equal(await syncTimeout(DELAY, set), false);
    semaphorePost(s2);
    assert.equal(await syncTimeout(DELAY, set), s2);
    assert.equal(await syncTimeout(DELAY, set), false);
    thread(async () => {
      await sleep();
      semaphorePost(s3);
    });
    await idle();
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2, s3)), s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2, s3)), false);
  });

  it('sync.rktl:199 choices mixed with plain evts and nested choices', async () => {
    const [s1, s2, s3] = [makeSemaphore(), makeSemaphore(), makeSemaphore()];
    semaphorePost(s3);
    assert.equal(await syncTimeout(DELAY, s1, choiceEvt(s2, s3)), s3);
    assert.equal(await syncTimeout(DELAY, s1, choiceEvt(s2, s3)), false);
    semaphorePost(s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2), s3), s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, s2), s3), false);
    const set = choiceEvt(s1, s2);
    assert.equal(await syncTimeout(DELAY, s1, set, s3), false);
    semaphorePost(s2);
    assert.equal(await syncTimeout(DELAY, set, s3), s2);
    assert.equal(await syncTimeout(DELAY, set, s3), false);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, choiceEvt(s2, s3))), false);
    semaphorePost(s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, choiceEvt(s2, s3))), s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(s1, choiceEvt(s2, s3))), false);
    semaphorePost(s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(choiceEvt(s1, s2), s3)), s3);
    assert.equal(await syncTimeout(DELAY, choiceEvt(choiceEvt(s1, s2), s3)), false);
    const nested = choiceEvt(s1, choiceEvt(s2, s3));
    assert.equal(await syncTimeout(DELAY, nested), false);
    semaphorePost(s3);
    assert.equal(await syncTimeout(DELAY, nested), s3);
    assert.equal(await syncTimeout(DELAY, nested), false);
  });

  it('sync.rktl:221 a choice with a channel and a channel-put-evt', async () => {
    const [s1, s2] = [makeSemaphore(), makeSemaphore()];
    const c = makeChannel<number>();
    const set = choiceEvt<unknown>(s1, s2, c);
    assert.equal(await syncTimeout(DELAY, set), false);
    thread(() => channelPut(c, 12));
    await idle();
    assert.equal(await syncTimeout(DELAY, set), 12);
    assert.equal(await syncTimeout(DELAY, set), false);
    const p = channelPutEvt(c, 85);
    const set2 = choiceEvt<unknown>(s1, s2, p);
    assert.equal(await syncTimeout(DELAY, set2), false);
    thread(() => channelGet(c));
    await idle();
    assert.equal(await syncTimeout(DELAY, set2), p);
    assert.equal(await syncTimeout(DELAY, set2), false);
  });

  it('sync.rktl:235 a guard returning a wide choice', async () => {
    const sema = makeSemaphore(1);
    const r = await syncTimeout(
      false,
      wrapEvt(makeSemaphore(), () => undefined),
      guardEvt(() =>
        choiceEvt<unknown>(
          ...Array.from({ length: 8 }, () => makeSemaphore()),
          wrapEvt(sema, (x) => {
            assert.equal(x, sema);
            return 77;
          }),
        ),
      ),
    );
    assert.equal(r, 77);
  });

  it('sync.rktl:272 a choice of choices returned by a guard is flattened', async () => {
    const ss = [makeSemaphore(), makeSemaphore(), makeSemaphore(), makeSemaphore()] as const;
    const evt1 = choiceEvt(ss[0], ss[1]);
    const evt2 = choiceEvt(ss[2], ss[3]);
    thread(async () => {
      await idle();
      semaphorePost(ss[Math.floor(Math.random() * 4)]!);
    });
    assert.equal(isSemaphore(await sync(guardEvt(() => choiceEvt(evt1, evt2)))), true);
  });

  it('sync.rktl:1488 a 50,000-long choice-evt chain in reasonable time', async () => {
    const N = 50000;
    let e: Evt<number> = wrapEvt(alwaysEvt, () => 0);
    for (let i = 0; i < N; i++) {
      const k = i;
      e = choiceEvt(
        wrapEvt(alwaysEvt, () => k),
        e,
      );
    }
    const v = await sync(e);
    assert.ok(v > -1 && v < N);
  });
});

describe('sync.rktl: wrap-evt and handle-evt', () => {
  it('sync.rktl:296 wrap-evt rejects bad arguments', () => {
    assert.throws(() => wrapEvt(1 as any, () => {}), ExnFailContract);
    assert.throws(() => wrapEvt(makeSemaphore(), 10 as any), ExnFailContract);
  });

  it('sync.rktl:299 wrap-evt results', async () => {
    assert.equal(await sync(wrapEvt(makeSemaphore(1), () => 17)), 17);
    assert.equal(
      await sync(
        choiceEvt<unknown>(
          makeSemaphore(),
          wrapEvt(makeSemaphore(1), () => 17),
        ),
      ),
      17,
    );
    assert.equal(await sync(wrapEvt(makeSemaphore(1), isSemaphore)), true);
  });

  it('sync.rktl:303 only the chosen wrapper runs', async () => {
    let n = 17;
    const s = makeSemaphore();
    thread(async () => {
      await idle();
      semaphorePost(s);
    });
    const r = await sync(
      wrapEvt(s, () => ++n),
      wrapEvt(s, () => ++n),
    );
    assert.equal(r, 18);
  });

  it('sync.rktl:315 wrap of a channel', async () => {
    const c = makeChannel<number>();
    thread(() => channelPut(c, 76));
    assert.equal(await sync(wrapEvt(c, (x) => x + 1)), 77);
  });

  it('sync.rktl:319 wrap of a choice', async () => {
    assert.equal(await sync(wrapEvt(choiceEvt(makeSemaphore(1), makeSemaphore(1)), () => 78)), 78);
  });

  it('sync.rktl:335 handle-evt results', async () => {
    assert.equal(await sync(handleEvt(alwaysEvt, () => 10)), 10);
    assert.equal(
      await sync(
        handleEvt(
          wrapEvt(alwaysEvt, () => 10),
          (x) => x + 1,
        ),
      ),
      11,
    );
  });

  it('sync.rktl:345 handle-evt is in tail position: a sync loop in handlers', async () => {
    // The loop's value is the innermost event, which the test then syncs on, as Racket's does.
    const loop = (n: number): Evt<unknown> | Promise<unknown> =>
      n === 0 ? handleEvt(alwaysEvt, () => 'ok') : sync(handleEvt(alwaysEvt, () => loop(n - 1)));
    assert.equal(await sync((await loop(1_000_000)) as Evt<unknown>), 'ok');
  });

  it('sync.rktl:352 a handle-evt wrapped by another handle or wrap', async () => {
    assert.deepEqual(
      await sync(
        handleEvt(
          handleEvt(alwaysEvt, () => undefined),
          (x) => [x],
        ),
      ),
      [undefined],
    );
    assert.deepEqual(
      await sync(
        wrapEvt(
          handleEvt(alwaysEvt, () => undefined),
          (x) => ({ x }),
        ),
      ),
      {
        x: undefined,
      },
    );
    assert.deepEqual(
      await sync(
        handleEvt(
          choiceEvt<unknown>(
            handleEvt(alwaysEvt, () => undefined),
            neverEvt,
          ),
          (x) => [x],
        ),
      ),
      [undefined],
    );
  });

  it('sync.rktl:358 handle-evt of a wrap-evt is an evt', () => {
    assert.equal(
      isEvt(
        handleEvt(
          wrapEvt(alwaysEvt, () => {}),
          () => {},
        ),
      ),
      true,
    );
    assert.equal(
      isEvt(
        handleEvt(
          choiceEvt<unknown>(
            wrapEvt(alwaysEvt, () => {}),
            wrapEvt(neverEvt, () => {}),
          ),
          () => {},
        ),
      ),
      true,
    );
  });

  it('sync.rktl:363 handle-evt?', () => {
    const w = () => wrapEvt(alwaysEvt, () => {});
    const h = () => handleEvt(alwaysEvt, () => {});
    assert.equal(isHandleEvt(h()), true);
    assert.equal(isHandleEvt(choiceEvt<unknown>(w(), h())), true);
    assert.equal(isHandleEvt(w()), false);
    assert.equal(isHandleEvt(choiceEvt(w(), w())), false);
  });
});

describe('sync.rktl: nack-guard-evt and guard-evt', () => {
  it('sync.rktl:383 guards reject non-procedures', () => {
    assert.throws(() => nackGuardEvt(10 as any), ExnFailContract);
    assert.throws(() => guardEvt(10 as any), ExnFailContract);
  });

  it('sync.rktl:404 a chosen nack-guarded evt posts no nack', async () => {
    const s = makeSemaphore(1);
    assert.equal(await sync(nackGuardEvt(() => s)), s);
    assert.equal(await syncTimeout(0, s), false);
  });

  it('sync.rktl:408 nacks are posted when nothing is chosen', async () => {
    let v: Evt<undefined> | false = false;
    const g = () =>
      nackGuardEvt((nack) => {
        v = nack;
        return makeSemaphore();
      });
    assert.equal(await syncTimeout(0, g()), false);
    assert.equal(await nackReady(v), true);
    v = false;
    assert.equal(await syncTimeout(DELAY, g()), false);
    assert.equal(await nackReady(v), true);
    v = false;
    assert.equal(await syncTimeout(0, g(), g()), false);
    assert.equal(await nackReady(v), true);
    v = false;
    assert.equal(await syncTimeout(DELAY, g(), g()), false);
    assert.equal(await nackReady(v), true);
    v = false;
    assert.equal(await syncTimeout(DELAY, choiceEvt(g(), g())), false);
    assert.equal(await nackReady(v), true);
  });

  it('sync.rktl:445 the nack of the chosen evt is not posted', async () => {
    const s = makeSemaphore(1);
    let v: Evt<undefined> | false = false;
    const r = await syncTimeout(
      0,
      nackGuardEvt((nack) => {
        v = nack;
        return s;
      }),
    );
    assert.equal(r, s);
    assert.equal(await nackReady(v), false);
  });

  it('sync.rktl:452 the nack of an evt not chosen is posted', async () => {
    const s = makeSemaphore();
    for (;;) {
      semaphorePost(s);
      let v: Evt<undefined> | false = false;
      const r = await syncTimeout(
        0,
        nackGuardEvt((nack) => {
          v = nack;
          return makeSemaphore();
        }),
        s,
      );
      assert.equal(r, s);
      if (v) {
        assert.equal(await nackReady(v), true);
        break;
      }
    }
  });

  it('sync.rktl:465 a guard that raises posts the nacks of guards already called', async () => {
    for (;;) {
      let v: Evt<undefined> | false = false;
      await assert.rejects(
        syncTimeout(
          0,
          nackGuardEvt((nack) => {
            v = nack;
            return makeSemaphore();
          }),
          nackGuardEvt(() => {
            throw new RangeError('/: division by zero');
          }),
        ),
        RangeError,
      );
      if (v) {
        assert.equal(await nackReady(v), true);
        break;
      }
    }
  });

  it('sync.rktl:489 both nacks are posted when neither is chosen', async () => {
    const v: Evt<undefined>[] = [];
    const g = () =>
      nackGuardEvt((nack) => {
        v.push(nack);
        return makeSemaphore();
      });
    assert.equal(await syncTimeout(0, g(), g()), false);
    assert.deepEqual(await Promise.all(v.map(nackReady)), [true, true]);
  });

  it('sync.rktl:500 killing a thread posts the nacks of its sync', async () => {
    let v: Evt<undefined> | false = false;
    const ready = makeSemaphore();
    const t = thread(() =>
      syncTimeout(
        false,
        nackGuardEvt((nack) => {
          v = nack;
          semaphorePost(ready);
          return makeSemaphore();
        }),
      ),
    );
    await semaphoreWait(ready);
    killThread(t);
    assert.equal(await nackReady(v), true);
  });

  it('sync.rktl:514 guard-evt', async () => {
    const s = makeSemaphore(1);
    assert.equal(
      await syncTimeout(
        0,
        guardEvt(() => s),
      ),
      s,
    );
  });

  it('sync.rktl:517 a nack guard returning a choice', async () => {
    let v: Evt<undefined> | false = false;
    const r = await syncTimeout(
      0,
      nackGuardEvt((nack) => {
        v = nack;
        return choiceEvt(makeSemaphore(), makeSemaphore());
      }),
    );
    assert.equal(r, false);
    if (!v || !isEvt(v)) throw new Error("the NACK isn't ready!");
    assert.equal(await syncTimeout(0, v), undefined);
  });

  it('sync.rktl:525 the nack is posted when the other alternative is chosen', async () => {
    const ch = makeChannel<number>();
    let n: Evt<undefined> | false = false;
    thread(() =>
      sync(
        nackGuardEvt((nack) => {
          n = nack;
          return neverEvt;
        }),
        channelPutEvt(ch, 10),
      ),
    );
    await idle();
    assert.equal(await channelGet(ch), 10);
    assert.equal(await syncTimeout(0, n as unknown as Evt), undefined);
  });

  it('sync.rktl:538 the nack is not posted when the guarded evt is chosen', async () => {
    let ok: unknown = 'not-ready';
    await threadWait(
      thread(() =>
        sync(
          nackGuardEvt((nack) => {
            thread(async () => {
              await sync(nack);
              ok = false;
            });
            return alwaysEvt;
          }),
        ),
      ),
    );
    await idle();
    assert.equal(ok, 'not-ready');
  });

  it('sync.rktl:554 choosing any evt of a nack guard’s choice posts no nack', async () => {
    let n: Evt<undefined> | false = false;
    await sync(
      nackGuardEvt((nack) => {
        n = nack;
        return choiceEvt<unknown>(alwaysEvt, neverEvt);
      }),
    );
    assert.equal(await syncTimeout(0, n as unknown as Evt), false);
    const ns: Evt<undefined>[] = [];
    const loop = (k: number): Evt<unknown> =>
      nackGuardEvt((nack) => {
        ns.push(nack);
        return k === 0 ? choiceEvt<unknown>(alwaysEvt, neverEvt) : loop(k - 1);
      });
    await sync(loop(100));
    for (const nack of ns) assert.equal(await syncTimeout(0, nack), false);
  });

  it('sync.rktl:580 poll-guard-evt', async () => {
    const s = semaphorePeekEvt(makeSemaphore(1));
    assert.equal(
      await syncTimeout(
        0,
        pollGuardEvt((poll: boolean) => {
          assert.equal(poll, true);
          return s;
        }),
      ),
      s,
    );
    assert.equal(
      await sync(
        pollGuardEvt((poll: boolean) => {
          assert.equal(poll, false);
          return s;
        }),
      ),
      s,
    );
    assert.throws(() => pollGuardEvt(10 as any), ExnFailContract);
  });
});

describe('sync.rktl: replace-evt', () => {
  it('sync.rktl:615 replace-evt rejects bad arguments', () => {
    assert.throws(() => replaceEvt(10 as any, () => alwaysEvt), ExnFailContract);
    assert.throws(() => replaceEvt(alwaysEvt, 10 as any), ExnFailContract);
  });

  it('sync.rktl:618 replace-evt results', async () => {
    assert.equal(await sync(replaceEvt(alwaysEvt, () => wrapEvt(alwaysEvt, () => 10))), 10);
    const loop = (n: number): Evt<number> =>
      n === 0
        ? wrapEvt(alwaysEvt, () => 0)
        : replaceEvt(alwaysEvt, () => wrapEvt(loop(n - 1), (x) => x + 1));
    assert.equal(await sync(loop(10)), 10);
  });

  /** `deep` of sync.rktl:630: `n` choices, each of a nack guard and a replace of the last. */
  function deep(nacks: Evt<undefined>[], base: Evt<unknown>, n: number): Evt<unknown> {
    let e = base;
    for (let i = 0; i < n; i++) {
      const inner = e;
      e = choiceEvt<unknown>(
        nackGuardEvt((s) => {
          nacks.push(s);
          return neverEvt;
        }),
        replaceEvt(inner, (v) => v as Evt<unknown>),
      );
    }
    return e;
  }

  it('sync.rktl:646 ten nested replaces with nacks', async () => {
    const nacks: Evt<undefined>[] = [];
    await sync(deep(nacks, alwaysEvt, 10));
    for (const n of nacks) await sync(n);
    nacks.length = 0;
    const [i, o] = makePipe();
    const t0 = thread(() => sync(deep(nacks, i, 10)));
    await idle();
    assert.equal(await syncTimeout(0, t0), false);
    await writeByte(1, o);
    await sync(t0);
    for (const n of nacks) await sync(n);
  });

  it('sync.rktl:668 nested replaces 40,000 deep do not overflow', async () => {
    // Racket's depth is 40,000; 10,000 already overflow. In a child process, as the nested
    // steps may take memory quadratic in the depth.
    const result = await inChildProcess(`async (rn) => {
      const nacks = [];
      let e = rn.makePipe()[0];
      for (let i = 0; i < 10000; i++) {
        const inner = e;
        e = rn.choiceEvt(
          rn.nackGuardEvt((s) => (nacks.push(s), rn.neverEvt)),
          rn.replaceEvt(inner, (v) => v),
        );
      }
      let failure = 'no error';
      const t = rn.thread(async () => {
        try { await rn.sync(e); } catch (x) { if (!(x instanceof rn.ExnBreak)) failure = String(x); }
      });
      await new Promise((r) => setTimeout(r, 50));
      if ((await rn.syncTimeout(0, t)) !== false) return 'thread ended early: ' + failure;
      rn.breakThread(t);
      await rn.sync(t);
      for (const n of nacks) await rn.sync(n);
      return nacks.length;
    }`);
    assert.equal(result, 10000);
  });

  it('sync.rktl:687 a replace returning a non-evt gives the evt itself', async () => {
    const e = replaceEvt(alwaysEvt, () => 'non-evt' as any);
    assert.equal(await sync(e), e);
  });

  it('sync.rktl:690 a replace of never-evt is never called', async () => {
    assert.equal(
      await sync(
        alwaysEvt,
        replaceEvt(neverEvt, () => alwaysEvt),
      ),
      alwaysEvt,
    );
  });

  it('sync.rktl:699 chained replaces', async () => {
    const chain = (e1: Evt<unknown>, e2: Evt<unknown>) =>
      sync(
        makeSemaphore(),
        replaceEvt(e1, () => choiceEvt(e2, makeSemaphore())),
      );
    assert.equal(await chain(alwaysEvt, alwaysEvt), alwaysEvt);
    assert.equal(await chain(makeSemaphore(1), alwaysEvt), alwaysEvt);
    const s1 = makeSemaphore(1);
    assert.equal(await chain(s1, alwaysEvt), alwaysEvt);
    const s2 = makeSemaphore(1);
    assert.equal(await chain(makeSemaphore(1), s2), s2);
    const s3 = makeSemaphore(2);
    assert.equal(await chain(s3, s3), s3);
    assert.equal(await syncTimeout(0, s3), false);
    const s4 = makeSemaphore();
    thread(async () => semaphorePost(s4));
    assert.equal(await chain(s4, alwaysEvt), alwaysEvt);
    const s5 = makeSemaphore();
    thread(async () => {
      semaphorePost(s5);
      await sleep();
      semaphorePost(s5);
    });
    assert.equal(await chain(s5, s5), s5);
  });

  it('sync.rktl:723 a guard in a replace may escape', async () => {
    const escape = { escaped: true };
    const t = thread(async () => {
      try {
        await sync(
          replaceEvt(
            guardEvt(() => {
              throw escape;
            }),
            () => alwaysEvt,
          ),
        );
      } catch (e) {
        if (e !== escape) throw e;
      }
    });
    assert.equal(await sync(t), t);
  });
});

describe('sync.rktl: threads as evts, fairness, breaks', () => {
  it('sync.rktl:953 thread-dead-evt of a dead thread', async () => {
    const d = threadDeadEvt(thread(() => {}));
    assert.equal(await sync(d), d);
  });

  it('sync.rktl:956 thread-suspend-evt and thread-resume-evt', async () => {
    const sema = makeSemaphore();
    const t = thread(() => semaphoreWait(sema));
    const r = threadResumeEvt(t);
    const s = threadSuspendEvt(t);
    assert.equal(await syncTimeout(0, t, s), false);
    assert.equal(await syncTimeout(0, t, s, r), t);
    assert.equal(await syncTimeout(0, r), t);
    threadSuspend(t);
    assert.equal(await syncTimeout(0, r), t);
    assert.equal(await syncTimeout(0, s), t);
    const r2 = threadResumeEvt(t);
    const s2 = threadSuspendEvt(t);
    assert.equal(await syncTimeout(0, t, r2), false);
    assert.equal(await syncTimeout(0, t, s2, r2), t);
    assert.equal(await syncTimeout(0, s2), t);
    threadResume(t);
    assert.equal(await syncTimeout(0, s2), t);
    assert.equal(await syncTimeout(0, r2), t);
    const s3 = threadSuspendEvt(t);
    thread(async () => {
      await idle();
      threadSuspend(t);
    });
    assert.equal(await syncTimeout(0, s3), false);
    assert.equal(await sync(s3), t);
    const r3 = threadResumeEvt(t);
    const d = threadDeadEvt(t);
    thread(async () => {
      await idle();
      threadResume(t);
    });
    assert.equal(await syncTimeout(0, r3), false);
    assert.equal(await sync(r3), t);
    assert.equal(await syncTimeout(0, d), false);
    semaphorePost(sema);
    assert.equal(await sync(d), d);
    assert.equal(await sync(r3), t);
    assert.equal(await sync(s3), t);
    assert.equal(await syncTimeout(0, threadResumeEvt(t)), false);
    assert.equal(await syncTimeout(0, threadSuspendEvt(t)), false);
  });

  it('sync.rktl:991 thread-dead-evt always returns the same evt for a thread', async () => {
    const t = thread(() => semaphoreWait(makeSemaphore()));
    const d = threadDeadEvt(t);
    assert.equal(threadDeadEvt(t), d);
    killThread(t);
    assert.equal(await sync(d), d);
    assert.equal(threadDeadEvt(t), d);
  });

  it('sync.rktl:1022 a message sent to a suspended thread arrives when it is resumed', async () => {
    let s: unknown = false;
    const t1 = thread(async () => {
      s = await threadReceive();
    });
    await idle();
    threadSuspend(t1);
    threadSend(t1, 'apple');
    await idle();
    assert.equal(s, false);
    threadResume(t1);
    await idle();
    assert.equal(s, 'apple');
  });

  it('sync.rktl:1651 a thread suspended while blocked takes the semaphore posted meanwhile', async () => {
    const s = makeSemaphore();
    let v: unknown = false;
    const t = thread(async () => {
      v = await sync(wrapEvt(s, () => 'ok'));
    });
    await idle();
    threadSuspend(t);
    await idle();
    semaphorePost(s);
    threadResume(t);
    await sync(t);
    assert.equal(v, 'ok');
  });

  it('sync.rktl:1182 fair choice among ready evts', async () => {
    const t1 = semaphorePeekEvt(makeSemaphore(1));
    const t2 = semaphorePeekEvt(makeSemaphore(1));
    const [, w] = makePipe();
    await writeString('Hi!\n', w);
    const tryIt = async (
      a: Evt<unknown>,
      b: Evt<unknown>,
      r: unknown,
      min: number,
      max: number,
    ) => {
      let count = 0;
      for (let n = 0; n < 1000; n++) if ((await sync(a, b)) === r) count++;
      assert.ok(min < count && count < max, `${count} not in (${min}, ${max})`);
    };
    await tryIt(t1, t2, t1, 200, 800);
    await tryIt(t1, t2, t2, 200, 800);
    await tryIt(t1, w, w, 200, 800);
    await tryIt(w, t1, w, 200, 800);
    await tryIt(t1, choiceEvt<unknown>(t2, w), t1, 100, 500);
    await tryIt(t1, choiceEvt<unknown>(t2, w), w, 100, 500);
    await tryIt(choiceEvt<unknown>(t2, w), t1, w, 100, 500);
  });

  it('sync.rktl:1208 no starvation of a semaphore waiter', async () => {
    const s1 = makeSemaphore();
    const t1 = thread(async () => {
      await semaphoreWait(s1);
      semaphorePost(s1);
    });
    do {
      await sleep();
      semaphorePost(s1);
      await semaphoreWait(s1);
    } while (isThreadRunning(t1));
  });

  it('sync.rktl:1221 no starvation of two threads syncing on two semaphores', async () => {
    const s1 = makeSemaphore();
    const s2 = makeSemaphore();
    const t1 = thread(async () => semaphorePost(await sync(s1, s2)));
    const t2 = thread(async () => semaphorePost(await sync(s1, s2)));
    do {
      await sleep();
      semaphorePost(s1);
      await semaphoreWait(s1);
      semaphorePost(s2);
      await semaphoreWait(s2);
    } while (isThreadRunning(t1) || isThreadRunning(t2));
  });

  it('sync.rktl:1568 sync/enable-break', async () => {
    await assert.rejects(syncEnableBreak(false as any, makeSemaphore(1)), ExnFailContract);
    assert.equal(isSemaphore(await syncEnableBreak(makeSemaphore(1))), true);
    assert.equal(isSemaphore(await syncTimeoutEnableBreak(false, makeSemaphore(1))), true);
  });

  it('sync.rktl:1574 sync/timeout with no evts', async () => {
    assert.equal(await syncTimeout(0), false);
  });

  it('sync.rktl:1575 sync with no evts blocks', async () => {
    assert.equal(
      await sync(
        handleEvt(systemIdleEvt(), () => false),
        thread(() => sync()),
      ),
      false,
    );
  });

  it('sync.rktl:1580 a break ends a sync with no evts', async () => {
    const t = thread(async () => {
      try {
        await sync();
      } catch (e) {
        if (!(e instanceof ExnBreak)) throw e;
      }
    });
    await idle();
    breakThread(t);
    assert.equal(await sync(t), t);
  });

  it('sync.rktl:1670 a post at the moment a sync/timeout times out is not lost', async () => {
    // Racket tries 10 times with 0.1 s; 4 times with 0.03 s keep the suite fast.
    for (let i = 0; i < 4; i++) {
      const s = makeSemaphore();
      const t = thread(async () => {
        await sleep(0.03 - 0.001 * Math.random());
        semaphorePost(s);
      });
      const r = await syncTimeout(0.03, s);
      if (!r) await sync(s);
      await threadWait(t);
    }
  });

  it('sync.rktl:1688 a guard replaced by a choice, raced by a channel', async () => {
    for (let i = 0; i < 10; i++) {
      const ch = makeChannel<number>();
      const v = await sync(
        guardEvt(() => {
          thread(() => channelPut(ch, 0));
          return choiceEvt(
            wrapEvt(alwaysEvt, () => 1),
            wrapEvt(alwaysEvt, () => 2),
            wrapEvt(alwaysEvt, () => 3),
          );
        }),
        ch,
      );
      assert.ok([0, 1, 2, 3].includes(v), `bad sync result ${v}`);
    }
  });

  it('sync.rktl:1705 current-inexact-monotonic-milliseconds', () => {
    const now = currentInexactMonotonicMilliseconds;
    const a = now();
    assert.ok(a <= now());
  });
});

describe('sync.rktl: thread mailboxes', () => {
  it('sync.rktl:996 thread-try-receive, thread-receive-evt, thread-send', async () => {
    await inThread(async () => {
      assert.equal(threadTryReceive(), false);
      assert.equal(await syncTimeout(0, threadReceiveEvt()), false);
      assert.equal(threadSend(currentThread(), 10), undefined);
      const t = threadReceiveEvt();
      assert.equal(await syncTimeout(10, t), t);
      assert.equal(threadTryReceive(), 10);
      assert.equal(threadTryReceive(), false);
      const me = currentThread();
      thread(async () => {
        await idle();
        threadSend(me, 35);
      });
      assert.equal(await threadReceive(), 35);
      assert.equal(threadTryReceive(), false);
    });
  });

  it('sync.rktl:1009 thread-rewind-receive', async () => {
    await inThread(async () => {
      assert.equal(threadRewindReceive([1, 2, 3]), undefined);
      assert.equal(threadTryReceive(), 3);
      assert.equal(threadTryReceive(), 2);
      threadRewindReceive([4]);
      assert.equal(threadTryReceive(), 4);
      assert.equal(threadTryReceive(), 1);
      assert.equal(threadTryReceive(), false);
      threadRewindReceive(new Array(500).fill('x'));
      for (let n = 0; n < 500; n++) assert.equal(threadTryReceive(), 'x');
      assert.equal(threadTryReceive(), false);
    });
  });

  it('sync.rktl:1033 messages arrive in order', async () => {
    let s: unknown = 0;
    const t = thread(async () => {
      s = [await threadReceive(), await threadReceive(), await threadReceive()];
    });
    threadSend(t, 0);
    threadSend(t, 1);
    threadSend(t, 2);
    await idle();
    assert.deepEqual(s, [0, 1, 2]);
  });

  it('sync.rktl:1043 thread-send to a dead thread', async () => {
    const t = thread(() => {});
    await idle();
    assert.equal(
      threadSend(t, 'x', () => 'z'),
      'z',
    );
    assert.throws(() => threadSend(t, 'x'));
  });

  it('sync.rktl:1051 rewind as the first action of a thread', async () => {
    await inThread(() => threadRewindReceive([1, 2, 3]));
  });
});

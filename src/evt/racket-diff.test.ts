/**
 * Differential tests: each scenario runs in Racket CS and in racket-net, and both print what
 * they observe, line by line, in the same format.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Custodian,
  type Evt,
  ExnBreak,
  ExnFail,
  alarmEvt,
  alwaysEvt,
  breakEnabled,
  breakThread,
  channelGet,
  channelPut,
  channelPutEvt,
  choiceEvt,
  currentCustodian,
  currentInexactMilliseconds,
  currentThread,
  custodianManagedList,
  custodianShutdownAll,
  guardEvt,
  handleEvt,
  isCustodianShutDown,
  isThreadDead,
  isThreadRunning,
  killThread,
  makeChannel,
  makeCustodian,
  makeParameter,
  makeSemaphore,
  nackGuardEvt,
  neverEvt,
  parameterize,
  parameterizeBreak,
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
} from '../index.js';
import { contractError } from '../exn/raise.js';
import { captureStderr, flush } from '../test-support/async.js';
import { racketExnName } from '../test-support/exn-assert.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';

const skip = skipWithoutRacket();

/** What an operation did: `ok`, or the exception's Racket name and its message as `~s` writes it. */
async function outcome(operation: () => unknown): Promise<string> {
  try {
    await operation();
    return 'ok';
  } catch (error) {
    return `${racketExnName(error)} ${JSON.stringify((error as Error).message)}`;
  }
}

const RACKET_OUTCOME = `
(define-syntax-rule (outcome e)
  (with-handlers ([exn? (lambda (x) (printf "~a ~s\\n" (object-name x) (exn-message x)))])
    e
    (printf "ok\\n")))
`;

/** Runs `body` (definitions and expressions) in Racket; only what it prints is output. */
function racketLines(body: string): string[] {
  // Inside a body, unlike at module level, expression results are not printed.
  return runRacket(`#lang racket/base\n(let ()\n${body}\n(void))\n`).trimEnd().split('\n');
}

const yesNo = (b: boolean): string => (b ? '#t' : '#f');

describe('racket-net and Racket CS agree', { skip }, () => {
  it('on the contract errors of the runtime functions', async () => {
    const shut = makeCustodian();
    custodianShutdownAll(shut);
    const c = makeCustodian();
    const cases: [string, () => unknown][] = [
      ['(sync 1)', () => sync(1 as never)],
      ['(sync always-evt 1)', () => sync(alwaysEvt, 1 as never)],
      ['(sync/timeout -1 always-evt)', () => syncTimeout(-1, alwaysEvt)],
      ['(sync/timeout "x" always-evt)', () => syncTimeout('x' as never, alwaysEvt)],
      ['(sync/timeout -1)', () => syncTimeout(-1)],
      ['(sync/timeout 0 1)', () => syncTimeout(0, 1 as never)],
      ['(sync/enable-break 1)', () => syncEnableBreak(1 as never)],
      ['(sync/timeout/enable-break -1 always-evt)', () => syncTimeoutEnableBreak(-1, alwaysEvt)],
      ['(make-semaphore -1)', () => makeSemaphore(-1)],
      ['(make-semaphore 1.5)', () => makeSemaphore(1.5)],
      ['(semaphore-post 1)', () => semaphorePost(1 as never)],
      ['(semaphore-wait 1)', () => semaphoreWait(1 as never)],
      ['(semaphore-peek-evt 1)', () => semaphorePeekEvt(1 as never)],
      ['(make-channel)', () => makeChannel()],
      ['(channel-put 1 2)', () => channelPut(1 as never, 2)],
      ['(channel-get 1)', () => channelGet(1 as never)],
      ['(channel-put-evt 1 2)', () => channelPutEvt(1 as never, 2)],
      ['(thread 1)', () => thread(1 as never)],
      ['(break-thread 1)', () => breakThread(1 as never)],
      ['(break-thread (current-thread) "foo")', () => breakThread(currentThread(), 'foo' as never)],
      ['(kill-thread 1)', () => killThread(1 as never)],
      ['(thread-wait 1)', () => threadWait(1 as never)],
      ['(thread-dead-evt 1)', () => threadDeadEvt(1 as never)],
      ['(thread-running? 1)', () => isThreadRunning(1 as never)],
      ['(thread-dead? 1)', () => isThreadDead(1 as never)],
      ['(make-custodian 1)', () => makeCustodian(1 as never)],
      ['(make-custodian shut)', () => makeCustodian(shut)],
      [
        '(parameterize ([current-custodian shut]) (thread void))',
        () => parameterize(currentCustodian, shut, () => thread(() => {})),
      ],
      ['(custodian-shutdown-all 1)', () => custodianShutdownAll(1 as never)],
      ['(custodian-managed-list 1 c)', () => custodianManagedList(1 as never, c)],
      ['(custodian-managed-list c 1)', () => custodianManagedList(c, 1 as never)],
      ['(custodian-managed-list c c)', () => custodianManagedList(c, c)],
      [
        '(custodian-managed-list (current-custodian) c)',
        () => custodianManagedList(currentCustodian(), c),
      ],
      ['(current-custodian 5)', () => currentCustodian(5 as never)],
      [
        '(parameterize ([current-custodian 5]) 0)',
        () => parameterize(currentCustodian, 5 as never, () => 0),
      ],
      ['(choice-evt always-evt 1)', () => choiceEvt(alwaysEvt, 1 as never)],
      ['(wrap-evt 1 void)', () => wrapEvt(1 as never, () => {})],
      ['(wrap-evt always-evt 1)', () => wrapEvt(alwaysEvt, 1 as never)],
      ['(handle-evt always-evt 1)', () => handleEvt(alwaysEvt, 1 as never)],
      ['(guard-evt 1)', () => guardEvt(1 as never)],
      ['(nack-guard-evt 1)', () => nackGuardEvt(1 as never)],
      ['(replace-evt always-evt 1)', () => replaceEvt(alwaysEvt, 1 as never)],
      ['(replace-evt 1 void)', () => replaceEvt(1 as never, () => alwaysEvt)],
      ['(sleep -1)', () => sleep(-1)],
      ['(sleep "x")', () => sleep('x' as never)],
      ['(make-parameter 1 5)', () => makeParameter(1, 5 as never)],
    ];
    const racket = racketLines(`
      ${RACKET_OUTCOME}
      (define shut (make-custodian))
      (custodian-shutdown-all shut)
      (define c (make-custodian))
      ${cases.map(([expr]) => `(outcome ${expr})`).join('\n')}
    `);
    const ours: string[] = [];
    for (const [, operation] of cases) ours.push(await outcome(operation));
    assert.equal(ours.length, cases.length);
    for (let i = 0; i < cases.length; i++) {
      assert.equal(ours[i], racket[i], cases[i]![0]);
    }
  });

  it('on how values print in error messages', () => {
    const values: [string, unknown][] = [
      ['"a\\nb\\t\\"q\\\\"', 'a\nb\t"q\\'],
      ['"\\u0001\\u007f é ☃ \\u00ad\\u2028"', '\u0001\u007f é ☃ \u00ad\u2028'],
      ['(make-string 300 #\\a)', 'a'.repeat(300)],
      [
        '(bytes 1 48 2 10 127 128 255 7 27 0 34 92)',
        Uint8Array.of(1, 48, 2, 10, 127, 128, 255, 7, 27, 0, 34, 92),
      ],
      ['(make-bytes 300 65)', new Uint8Array(300).fill(65)],
      ['(list 1 "a" #"b\\0" (list 2 3) (list))', [1, 'a', Uint8Array.of(98, 0), [2, 3], []]],
      ['(for/list ([i 100]) i)', Array.from({ length: 100 }, (_, i) => i)],
      ['(list)', []],
      ['1.5', 1.5],
      ['-7', -7],
      ['+inf.0', Infinity],
      ['+nan.0', NaN],
      ['#t', true],
      ['#f', false],
      ['(void)', undefined],
    ];
    const racket = racketLines(`
      ${RACKET_OUTCOME}
      ${values.map(([expr]) => `(outcome (raise-argument-error 'f "x" ${expr}))`).join('\n')}
    `);
    const ours = values.map(
      ([, v]) => `exn:fail:contract ${JSON.stringify(contractError('f', 'x', v).message)}`,
    );
    for (let i = 0; i < values.length; i++) assert.equal(ours[i], racket[i], values[i]![0]);
  });

  it('on sync results: timeouts, guards, replace, and the result of each kind of event', async () => {
    const racket = racketLines(`
      (displayln (sync/timeout 0 never-evt))
      (define calls 0)
      (sync/timeout 0 (guard-evt (lambda () (set! calls (add1 calls)) never-evt)))
      (displayln calls)
      (displayln (sync/timeout (lambda () 'thunk) never-evt))
      (displayln (eq? (sync/timeout (lambda () 'thunk) always-evt) always-evt))
      (define g (guard-evt (lambda () 5)))
      (displayln (eq? (sync g) g))
      (define r (replace-evt always-evt (lambda (x) 5)))
      (displayln (eq? (sync r) r))
      (displayln (sync/timeout 0 (replace-evt always-evt (lambda (x) never-evt))))
      (displayln (sync/timeout (lambda () 'thunk) (replace-evt always-evt (lambda (x) never-evt))))
      (displayln (sync/timeout 0.02))
      (define s (make-semaphore 1))
      (displayln (eq? (sync s) s))
      (define pk (semaphore-peek-evt (make-semaphore 1)))
      (displayln (eq? (sync pk) pk))
      (define ch (make-channel))
      (define pe (channel-put-evt ch 1))
      (thread (lambda () (channel-get ch)))
      (displayln (eq? (sync pe) pe))
      (displayln (sync/timeout 0 ch (channel-put-evt ch 1)))
      (displayln (sync/timeout 0.02 ch (channel-put-evt ch 1)))
      (define t (thread void))
      (displayln (eq? (sync t) t))
      (define de (thread-dead-evt t))
      (displayln (eq? (sync de) de))
      (define al (alarm-evt 0))
      (displayln (eq? (sync al) al))
      (displayln (eq? (sync always-evt) always-evt))
      (displayln (sync (wrap-evt (wrap-evt always-evt (lambda (v) 1)) (lambda (v) (+ v 1)))))
      (displayln (sync (handle-evt always-evt (lambda (v) 'handled))))
      (displayln (sync (replace-evt (wrap-evt always-evt (lambda (_) 20))
                                    (lambda (n) (wrap-evt always-evt (lambda (_) (+ n 1)))))))
      (displayln (sync/timeout 0 (choice-evt)))
    `);
    const ours: string[] = [];
    const show = (v: unknown): void => {
      ours.push(typeof v === 'boolean' ? yesNo(v) : String(v));
    };
    show(await syncTimeout(0, neverEvt));
    let calls = 0;
    await syncTimeout(
      0,
      guardEvt(() => {
        calls++;
        return neverEvt;
      }),
    );
    show(calls);
    show(await syncTimeout(() => 'thunk', neverEvt));
    show((await syncTimeout(() => 'thunk', alwaysEvt)) === alwaysEvt);
    const g = guardEvt(() => 5 as never);
    show((await sync(g)) === g);
    const r = replaceEvt(alwaysEvt, () => 5 as never);
    show((await sync(r)) === r);
    show(
      await syncTimeout(
        0,
        replaceEvt(alwaysEvt, () => neverEvt),
      ),
    );
    show(
      await syncTimeout(
        () => 'thunk',
        replaceEvt(alwaysEvt, () => neverEvt),
      ),
    );
    show(await syncTimeout(0.02));
    const s = makeSemaphore(1);
    show((await sync(s)) === s);
    const pk = semaphorePeekEvt(makeSemaphore(1));
    show((await sync(pk)) === pk);
    const ch = makeChannel<number>();
    const pe = channelPutEvt(ch, 1);
    thread(() => channelGet(ch));
    show((await sync(pe)) === pe);
    show(await syncTimeout(0, ch, channelPutEvt(ch, 1)));
    show(await syncTimeout(0.02, ch, channelPutEvt(ch, 1)));
    const t = thread(() => {});
    show((await sync(t)) === t);
    const de = threadDeadEvt(t);
    show((await sync(de)) === de);
    const al = alarmEvt(0);
    show((await sync(al)) === al);
    show((await sync(alwaysEvt)) === alwaysEvt);
    show(
      await sync(
        wrapEvt(
          wrapEvt(alwaysEvt, () => 1),
          (v) => v + 1,
        ),
      ),
    );
    show(await sync(handleEvt(alwaysEvt, () => 'handled')));
    show(
      await sync(
        replaceEvt(
          wrapEvt(alwaysEvt, () => 20),
          (n) => wrapEvt(alwaysEvt, () => n + 1),
        ),
      ),
    );
    show(await syncTimeout(0, choiceEvt()));
    assert.deepEqual(ours, racket);
  });

  it('on when a nack becomes ready', async () => {
    const racket = racketLines(`
      (define (nack-after inner run)
        (define n #f)
        (define g (nack-guard-evt (lambda (nack) (set! n nack) inner)))
        (run g)
        (and (sync/timeout 0 n) #t))
      (define ((in-thread-then action) g)
        (define t (thread (lambda () (with-handlers ([exn:break? void]) (sync g)))))
        (sleep 0.01)
        (action t)
        (sync t))
      (for-each displayln
        (list (nack-after always-evt sync)
              ;; Not always-evt: Racket may choose it without calling the guard at all.
              (nack-after never-evt
                          (lambda (g) (sync g (alarm-evt (+ (current-inexact-milliseconds) 10)))))
              (nack-after never-evt (lambda (g) (sync/timeout 0 g)))
              (nack-after never-evt (lambda (g) (sync/timeout 0.01 g)))
              (nack-after never-evt (lambda (g) (sync/timeout (lambda () 'thunk) g)))
              (nack-after never-evt (in-thread-then break-thread))
              (nack-after never-evt (in-thread-then kill-thread))
              (nack-after (replace-evt always-evt (lambda (_) always-evt)) sync)
              (nack-after (replace-evt always-evt (lambda (_) never-evt))
                          (lambda (g) (sync/timeout 0.01 g)))))
    `);
    const nackAfter = async (inner: Evt, run: (g: Evt) => Promise<unknown>): Promise<string> => {
      let nack: Evt | undefined;
      const g = nackGuardEvt((n) => {
        nack = n;
        return inner;
      });
      await run(g);
      return yesNo(
        (await syncTimeout(
          0,
          wrapEvt(nack!, () => true),
        )) === true,
      );
    };
    const inThreadThen = (action: (t: ReturnType<typeof thread>) => void) => async (g: Evt) => {
      const t = thread(() => sync(g).catch(() => {}));
      await sleep(0.01);
      action(t);
      await sync(t);
    };
    const ours = [
      await nackAfter(alwaysEvt, (g) => sync(g)),
      await nackAfter(neverEvt, (g) => sync(g, alarmEvt(currentInexactMilliseconds() + 10))),
      await nackAfter(neverEvt, (g) => syncTimeout(0, g)),
      await nackAfter(neverEvt, (g) => syncTimeout(0.01, g)),
      await nackAfter(neverEvt, (g) => syncTimeout(() => 'thunk', g)),
      await nackAfter(
        neverEvt,
        inThreadThen((t) => breakThread(t)),
      ),
      await nackAfter(
        neverEvt,
        inThreadThen((t) => killThread(t)),
      ),
      await nackAfter(
        replaceEvt(alwaysEvt, () => alwaysEvt),
        (g) => sync(g),
      ),
      await nackAfter(
        replaceEvt(alwaysEvt, () => neverEvt),
        (g) => syncTimeout(0.01, g),
      ),
    ];
    assert.deepEqual(ours, racket);
  });

  it('on break kinds, pending breaks and the result-or-break rule', async () => {
    const racket = racketLines(`
      (define (broken-by kind)
        (define t (thread (lambda ()
          (with-handlers ([exn:break? (lambda (e) (printf "~a ~s\\n" (object-name e) (exn-message e)))])
            (sync never-evt)))))
        (sleep 0.01)
        (if kind (break-thread t kind) (break-thread t))
        (thread-wait t))
      (for-each broken-by '(#f hang-up terminate))
      (define (pending-kinds kinds)
        (define ch (make-channel))
        (thread (lambda ()
          (channel-put ch (with-handlers ([exn:break? (lambda (e) (object-name e))])
            (parameterize-break #f
              (for ([k kinds]) (break-thread (current-thread) k))
              (parameterize-break #t (sleep 0))
              'none)))))
        (displayln (channel-get ch)))
      (for-each pending-kinds
        '((#f terminate hang-up) (hang-up #f) (#f hang-up) (terminate hang-up) (hang-up terminate)))
      (define (race post-first?)
        (define s (make-semaphore 0))
        (define ch (make-channel))
        (define t (thread (lambda ()
          (parameterize-break #f
            (channel-put ch (with-handlers ([exn:break? (lambda (e) 'break)])
                              (sync/enable-break s)
                              'result))))))
        (sleep 0.01)
        (cond [post-first? (semaphore-post s) (break-thread t)]
              [else (break-thread t) (semaphore-post s)])
        (printf "~a ~a\\n" (channel-get ch) (semaphore-try-wait? s)))
      (race #t)
      (race #f)
      (define (disabled-then-enabled)
        (define log '())
        (define t (thread (lambda ()
          (with-handlers ([exn:break? (lambda (e) (set! log (cons 'broke log)))])
            (parameterize-break #f
              (sleep 0.03)
              (set! log (cons 'slept log))
              (break-enabled #t)
              (set! log (cons 'not-reached log)))))))
        (sleep 0.01)
        (break-thread t)
        (thread-wait t)
        (displayln (reverse log)))
      (disabled-then-enabled)
      (displayln (parameterize-break #f (let ([ch (make-channel)])
        (thread (lambda () (channel-put ch (break-enabled))))
        (channel-get ch))))
    `);
    const ours: string[] = [];
    for (const kind of [false, 'hang-up', 'terminate'] as const) {
      const t = thread(async () => {
        try {
          await sync(neverEvt);
        } catch (error) {
          ours.push(`${racketExnName(error)} ${JSON.stringify((error as Error).message)}`);
        }
      });
      await sleep(0.01);
      breakThread(t, kind);
      await threadWait(t);
    }
    const pendingKinds = async (kinds: readonly ('hang-up' | 'terminate' | false)[]) => {
      const ch = makeChannel<string>();
      thread(async () => {
        let result = 'none';
        try {
          await parameterizeBreak(false, async () => {
            for (const k of kinds) breakThread(currentThread(), k);
            await parameterizeBreak(true, () => sleep(0));
          });
        } catch (error) {
          result = racketExnName(error);
        }
        await channelPut(ch, result);
      });
      ours.push(await channelGet(ch));
    };
    await pendingKinds([false, 'terminate', 'hang-up']);
    await pendingKinds(['hang-up', false]);
    await pendingKinds([false, 'hang-up']);
    await pendingKinds(['terminate', 'hang-up']);
    await pendingKinds(['hang-up', 'terminate']);
    const race = async (postFirst: boolean) => {
      const s = makeSemaphore(0);
      const ch = makeChannel<string>();
      const t = thread(() =>
        parameterizeBreak(false, async () => {
          let result = 'result';
          try {
            await syncEnableBreak(s);
          } catch (error) {
            if (!(error instanceof ExnBreak)) throw error;
            result = 'break';
          }
          await channelPut(ch, result);
        }),
      );
      await sleep(0.01);
      if (postFirst) {
        semaphorePost(s);
        breakThread(t);
      } else {
        breakThread(t);
        semaphorePost(s);
      }
      const result = await channelGet(ch);
      ours.push(`${result} ${yesNo((await syncTimeout(0, s)) === s)}`);
    };
    await race(true);
    await race(false);
    const log: string[] = [];
    const t = thread(async () => {
      try {
        await parameterizeBreak(false, async () => {
          await sleep(0.03);
          log.push('slept');
          breakEnabled(true);
          log.push('not-reached');
        });
      } catch (error) {
        if (error instanceof ExnBreak) log.push('broke');
      }
    });
    await sleep(0.01);
    breakThread(t);
    await threadWait(t);
    ours.push(`(${log.join(' ')})`);
    const inherited = makeChannel<boolean>();
    parameterizeBreak(false, () => thread(() => channelPut(inherited, breakEnabled())));
    ours.push(yesNo(await channelGet(inherited)));
    assert.deepEqual(ours, racket);
  });

  it('on custodians: managed lists, shutdown of descendants, shutdown from inside', async () => {
    const racket = racketLines(`
      (define c (make-custodian))
      (define sub (make-custodian c))
      (define (under cust thunk) (parameterize ([current-custodian cust]) (thread thunk)))
      (define t1 (under c (lambda () (sync never-evt))))
      (define t2 (under sub (lambda () (sync never-evt))))
      (define ml (custodian-managed-list c (current-custodian)))
      (printf "~a ~a ~a ~a\\n" (length ml) (and (memq t1 ml) #t) (and (memq sub ml) #t) (and (memq t2 ml) #t))
      (displayln (equal? (custodian-managed-list sub c) (list t2)))
      (define log '())
      (define t3 (under c (lambda () (custodian-shutdown-all c) (set! log (cons 'after-shutdown log)))))
      (sync/timeout 1 t3)
      (printf "~a ~a ~a ~a ~a\\n" (thread-dead? t1) (thread-dead? t2) (thread-dead? t3) (custodian-shut-down? sub) log)
      (displayln (custodian-managed-list c (current-custodian)))
      (define t4 (thread (lambda () (kill-thread (current-thread)) (set! log (cons 'after-kill log)))))
      (sync/timeout 1 t4)
      (displayln log)
      (define d (make-custodian))
      (define t5 (under d (lambda () (sleep 0))))
      (thread-wait t5)
      (displayln (custodian-managed-list d (current-custodian)))
      (custodian-shutdown-all d)
      (custodian-shutdown-all d)
      (displayln (custodian-shut-down? d))
    `);
    const ours: string[] = [];
    const c = makeCustodian();
    const sub = makeCustodian(c);
    const under = (cust: Custodian, thunk: () => unknown) =>
      parameterize(currentCustodian, cust, () => thread(thunk));
    const t1 = under(c, () => sync(neverEvt));
    const t2 = under(sub, () => sync(neverEvt));
    const ml = custodianManagedList(c, currentCustodian());
    ours.push(
      [ml.length, yesNo(ml.includes(t1)), yesNo(ml.includes(sub)), yesNo(ml.includes(t2))].join(
        ' ',
      ),
    );
    const subList = custodianManagedList(sub, c);
    ours.push(yesNo(subList.length === 1 && subList[0] === t2));
    const log: string[] = [];
    const t3 = under(c, () => {
      custodianShutdownAll(c);
      log.push('after-shutdown');
    });
    await syncTimeout(1, t3);
    ours.push(
      [
        yesNo(isThreadDead(t1)),
        yesNo(isThreadDead(t2)),
        yesNo(isThreadDead(t3)),
        yesNo(isCustodianShutDown(sub)),
        `(${log.join(' ')})`,
      ].join(' '),
    );
    ours.push(`(${custodianManagedList(c, currentCustodian()).join(' ')})`);
    const t4 = thread(() => {
      killThread(currentThread());
      log.push('after-kill');
    });
    await syncTimeout(1, t4);
    ours.push(`(${log.join(' ')})`);
    const d = makeCustodian();
    const t5 = under(d, () => sleep(0));
    await threadWait(t5);
    ours.push(`(${custodianManagedList(d, currentCustodian()).join(' ')})`);
    custodianShutdownAll(d);
    custodianShutdownAll(d);
    ours.push(yesNo(isCustodianShutDown(d)));
    assert.deepEqual(ours, racket);
  });

  it('on parameters across threads', async () => {
    const racket = racketLines(`
      (define p (make-parameter "initial"))
      (define ch (make-channel))
      (parameterize ([p "inner"]) (thread (lambda () (sleep 0) (channel-put ch (p)))))
      (displayln (channel-get ch))
      (thread (lambda ()
        (p "creator")
        (define child (thread (lambda () (channel-put ch (p)))))
        (p "changed")
        (thread-wait child)))
      (displayln (channel-get ch))
      (define t (thread (lambda () (p "thread") (channel-put ch (p)) (channel-put ch (p)))))
      (displayln (channel-get ch))
      (displayln (p))
      (p "main changed")
      (displayln (channel-get ch))
      (displayln (parameterize ([p "x"]) (p "y") (p)))
      (displayln (p))
      (define g (make-parameter 1 (lambda (v) (* v 10))))
      (displayln (g))
      (g 2)
      (displayln (g))
      (displayln (parameterize ([g 3]) (g)))
    `);
    const ours: string[] = [];
    const p = makeParameter('initial');
    const ch = makeChannel<string>();
    parameterize(p, 'inner', () =>
      thread(async () => {
        await sleep(0);
        await channelPut(ch, p());
      }),
    );
    ours.push(await channelGet(ch));
    thread(async () => {
      p('creator');
      const child = thread(() => channelPut(ch, p()));
      p('changed');
      await threadWait(child);
    });
    ours.push(await channelGet(ch));
    thread(async () => {
      p('thread');
      await channelPut(ch, p());
      await channelPut(ch, p());
    });
    ours.push(await channelGet(ch));
    ours.push(p());
    p('main changed');
    ours.push(await channelGet(ch));
    ours.push(
      parameterize(p, 'x', () => {
        p('y');
        return p();
      }),
    );
    ours.push(p());
    const g = makeParameter<number>(1, (v) => (v as number) * 10);
    ours.push(String(g()));
    g(2);
    ours.push(String(g()));
    ours.push(String(parameterize(g, 3, () => g())));
    assert.deepEqual(ours, racket);
  });

  it('on how an exception that escapes a thread is printed', async () => {
    const racket = racketLines(`
      (parameterize ([current-error-port (current-output-port)])
        (for ([thunk (list (lambda () (raise 42))
                           (lambda () (raise "str"))
                           (lambda () (error 'foo "bar ~a" 1))
                           (lambda () (raise-argument-error 'foo "integer?" "x"))
                           (lambda () (sync never-evt)))])
          (define t (thread thunk))
          (sleep 0.01)
          (break-thread t)
          (thread-wait t)))
    `);
    const stderr = await captureStderr(async () => {
      const thunks: (() => unknown)[] = [
        () => {
          throw 42;
        },
        () => {
          throw 'str';
        },
        () => {
          throw new ExnFail('foo: bar 1');
        },
        () => {
          throw contractError('foo', 'integer?', 'x');
        },
        () => sync(neverEvt),
      ];
      for (const thunk of thunks) {
        const t = thread(thunk);
        await flush();
        breakThread(t);
        await threadWait(t);
      }
    });
    assert.deepEqual(stderr.trimEnd().split('\n'), racket);
  });
});

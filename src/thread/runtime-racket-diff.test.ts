/**
 * Differential tests for the runtime pieces beside threads (issue 17): mailboxes, suspend and
 * resume, custodian boxes, nested threads, derived parameters, `pollGuardEvt`, the try- and
 * predicate functions. Each scenario runs in Racket CS and in racket-net; both print what they
 * observe, line by line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnFail,
  PropEvt,
  isEvt,
  alarmEvt,
  alwaysEvt,
  breakThread,
  callInNestedThread,
  channelPutEvt,
  channelTryGet,
  choiceEvt,
  currentCustodian,
  currentInexactMonotonicMilliseconds,
  currentThread,
  custodianBoxValue,
  custodianManagedList,
  custodianShutdownAll,
  handleEvt,
  isChannelPutEvt,
  isExnBreak,
  isHandleEvt,
  isParameter,
  isSemaphorePeekEvt,
  isThreadDead,
  isThreadRunning,
  killThread,
  makeChannel,
  makeCustodian,
  makeCustodianBox,
  makeDerivedParameter,
  makeParameter,
  makeSemaphore,
  neverEvt,
  parameterize,
  pollGuardEvt,
  semaphorePeekEvt,
  semaphorePost,
  semaphoreTryWait,
  semaphoreWait,
  semaphoreWaitEnableBreak,
  sleep,
  sync,
  syncTimeout,
  systemIdleEvt,
  thread,
  threadReceive,
  threadReceiveEvt,
  threadResume,
  threadResumeEvt,
  threadRewindReceive,
  threadSend,
  threadSuspend,
  threadSuspendEvt,
  threadTryReceive,
  wrapEvt,
  type Evt,
  type Thread,
} from '../index.js';
import { formatValue } from '../exn/print.js';
import { racketExnName } from '../test-support/exn-assert.js';
import { runRacket, skipWithoutRacket } from '../test-support/racket.js';

const skip = skipWithoutRacket();

async function outcome(operation: () => unknown): Promise<string> {
  try {
    return `ok ${show(await operation())}`;
  } catch (error) {
    return `${racketExnName(error)} ${JSON.stringify((error as Error).message)}`;
  }
}

const RACKET_PRELUDE = `
(require racket/string)
(define-syntax-rule (outcome e)
  (with-handlers ([exn? (lambda (x) (printf "~a ~s\\n" (object-name x) (exn-message x)))])
    (printf "ok ~a\\n" (show e))))
(define (show v)
  (cond [(thread? v) "#<thread>"] [(eq? v (void)) "#<void>"] [(evt? v) "#<evt>"]
        [(list? v) (format "(~a)" (string-join (map show v) " "))] [else (format "~s" v)]))
`;

/** Prints like the Racket side's `show`: threads and events by kind, the rest as `~s`. */
function show(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'core' in v) return '#<thread>';
  if (v === undefined) return '#<void>';
  if (typeof v === 'object' && v !== null && v.constructor?.name.endsWith('Evt')) return '#<evt>';
  if (typeof v === 'boolean') return v ? '#t' : '#f';
  if (typeof v === 'symbol') return v.description ?? '';
  if (Array.isArray(v)) return `(${v.map(show).join(' ')})`;
  return formatValue(v);
}

function racketLines(body: string): string[] {
  return runRacket(`#lang racket/base\n${RACKET_PRELUDE}\n(let ()\n${body}\n(void))\n`)
    .trimEnd()
    .split('\n');
}

describe('racket-net and Racket CS agree on the runtime pieces', { skip }, () => {
  it('on contract errors', async () => {
    const cases: [string, () => unknown][] = [
      ['(semaphore-try-wait? 1)', () => semaphoreTryWait(1 as never)],
      ['(semaphore-wait/enable-break 1)', () => semaphoreWaitEnableBreak(1 as never)],
      ['(channel-try-get 1)', () => channelTryGet(1 as never)],
      ['(handle-evt? 1)', () => isHandleEvt(1 as never)],
      [
        '(make-derived-parameter 1 values values)',
        () =>
          makeDerivedParameter(
            1 as never,
            (v) => v,
            (v) => v,
          ),
      ],
      [
        '(make-derived-parameter (make-parameter 1) 1 values)',
        () => makeDerivedParameter(makeParameter(1), 1 as never, (v) => v),
      ],
      [
        '(make-derived-parameter (make-parameter 1) values 1)',
        () => makeDerivedParameter(makeParameter(1) as never, (v) => v, 1 as never),
      ],
      ['(thread-send 1 2)', () => threadSend(1 as never, 2)],
      ['(thread-send (current-thread) 2 3)', () => threadSend(currentThread(), 2, 3 as never)],
      ['(thread-rewind-receive 1)', () => threadRewindReceive(1 as never)],
      ['(thread-suspend 1)', () => threadSuspend(1 as never)],
      ['(thread-resume 1)', () => threadResume(1 as never)],
      ['(thread-resume (current-thread) 1)', () => threadResume(currentThread(), 1)],
      ['(thread-suspend-evt 1)', () => threadSuspendEvt(1 as never)],
      ['(thread-resume-evt 1)', () => threadResumeEvt(1 as never)],
      ['(call-in-nested-thread 1)', () => callInNestedThread(1 as never)],
      ['(call-in-nested-thread void 1)', () => callInNestedThread(() => {}, 1 as never)],
      ['(call-in-nested-thread void shut)', () => callInNestedThread(() => {}, shut)],
      ['(alarm-evt "x" #t)', () => alarmEvt('x' as never, true)],
      ['(poll-guard-evt 1)', () => pollGuardEvt(1 as never)],
      ['(make-custodian-box 1 2)', () => makeCustodianBox(1 as never, 2)],
      ['(make-custodian-box shut 2)', () => makeCustodianBox(shut, 2)],
      ['(custodian-box-value 1)', () => custodianBoxValue(1 as never)],
      [
        '(let ([t (thread void)]) (sync t) (thread-send t 2))',
        async () => {
          const t = thread(() => {});
          await sync(t);
          return threadSend(t, 2);
        },
      ],
    ];
    const shut = makeCustodian();
    custodianShutdownAll(shut);
    const racket = racketLines(`
      (define shut (make-custodian))
      (custodian-shutdown-all shut)
      ${cases.map(([expr]) => `(outcome ${expr})`).join('\n')}
    `);
    for (let i = 0; i < cases.length; i++) {
      assert.equal(await outcome(cases[i]![1]), racket[i], cases[i]![0]);
    }
  });

  it('on results of the predicates, try- functions and poll guards', async () => {
    const racket = racketLines(`
      (for-each (lambda (v) (printf "~a\\n" (show v)))
        (list (semaphore-peek-evt? (semaphore-peek-evt (make-semaphore))) (semaphore-peek-evt? 1)
              (channel-put-evt? (channel-put-evt (make-channel) 1)) (channel-put-evt? 1)
              (handle-evt? (handle-evt always-evt void)) (handle-evt? (wrap-evt always-evt void))
              (handle-evt? (choice-evt (wrap-evt always-evt void) (handle-evt always-evt void)))
              (handle-evt? (choice-evt)) (handle-evt? (wrap-evt (handle-evt always-evt void) void))
              (parameter? (make-parameter 1)) (parameter? void)
              (let ([s (make-semaphore 1)]) (list (semaphore-try-wait? s) (semaphore-try-wait? s)))
              (channel-try-get (make-channel))
              (let ([ch (make-channel)]) (thread (lambda () (channel-put ch 'v))) (sleep 0.01)
                (list (channel-try-get ch) (channel-try-get ch)))
              (sync/timeout 0 (poll-guard-evt (lambda (p) (wrap-evt always-evt (lambda (_) p)))))
              (sync (poll-guard-evt (lambda (p) (wrap-evt always-evt (lambda (_) p)))))
              (sync/timeout 1 (poll-guard-evt (lambda (p) (wrap-evt always-evt (lambda (_) p)))))
              (sync/timeout (lambda () 'x) (poll-guard-evt (lambda (p) (wrap-evt always-evt (lambda (_) p)))))
              (sync (poll-guard-evt (lambda (p) 5)))
              (sync/timeout 0 (system-idle-evt))
              (sync (system-idle-evt))
              (eq? (system-idle-evt) (system-idle-evt))
              (let ([a (alarm-evt (+ (current-inexact-monotonic-milliseconds) 20) #t)])
                (list (sync/timeout 0 a) (eq? a (sync a))))))
    `);
    const ours: unknown[] = [
      isSemaphorePeekEvt(semaphorePeekEvt(makeSemaphore())),
      isSemaphorePeekEvt(1),
      isChannelPutEvt(channelPutEvt(makeChannel(), 1)),
      isChannelPutEvt(1),
      isHandleEvt(handleEvt(alwaysEvt, () => {})),
      isHandleEvt(wrapEvt(alwaysEvt, () => {})),
      isHandleEvt(
        choiceEvt<unknown>(
          wrapEvt(alwaysEvt, () => {}),
          handleEvt(alwaysEvt, () => {}),
        ),
      ),
      isHandleEvt(choiceEvt()),
      isHandleEvt(
        wrapEvt(
          handleEvt(alwaysEvt, () => {}),
          () => {},
        ),
      ),
      isParameter(makeParameter(1)),
      isParameter(() => {}),
    ];
    const s = makeSemaphore(1);
    ours.push([semaphoreTryWait(s), semaphoreTryWait(s)]);
    ours.push(channelTryGet(makeChannel()));
    const ch = makeChannel<symbol>();
    thread(() => sync(channelPutEvt(ch, Symbol('v'))));
    await sleep(0.01);
    ours.push([channelTryGet(ch), channelTryGet(ch)]);
    const pg = (): Evt<boolean> => pollGuardEvt((p) => wrapEvt(alwaysEvt, () => p));
    ours.push(await syncTimeout(0, pg()));
    ours.push(await sync(pg()));
    ours.push(await syncTimeout(1, pg()));
    ours.push(await syncTimeout(() => Symbol('x'), pg()));
    ours.push(await sync(pollGuardEvt(() => 5 as never)));
    ours.push(await syncTimeout(0, systemIdleEvt()));
    ours.push(await sync(systemIdleEvt()));
    ours.push(systemIdleEvt() === systemIdleEvt());
    const a = alarmEvt(currentInexactMonotonicMilliseconds() + 20, true);
    ours.push([await syncTimeout(0, a), (await sync(a)) === a]);
    assert.deepEqual(ours.map(show), racket);
  });

  it('on mailbox order, with rewinds, across threads', async () => {
    const racket = racketLines(`
      (define main (current-thread))
      (thread-send main 'a)
      (thread-send main 'b)
      (thread-rewind-receive '(x y z))
      (outcome (list (thread-receive) (thread-try-receive)))
      (thread-rewind-receive '(q))
      (outcome (list (thread-receive) (thread-receive) (thread-receive) (thread-receive)))
      (outcome (thread-try-receive))
      (outcome (sync/timeout 0 (thread-receive-evt)))
      (define t (thread (lambda ()
                          (define first (thread-receive))
                          (thread-rewind-receive (list first 'pushed))
                          (thread-send main (list (thread-receive) (thread-receive) (thread-receive))))))
      (thread-send t 1)
      (thread-send t 2)
      (outcome (thread-receive))
      (thread-send main 'later)
      (outcome (eq? (thread-receive-evt) (sync (thread-receive-evt))))
      (outcome (thread-receive))
      (define seen #f)
      (define t2 (thread (lambda () (set! seen (sync/timeout 0 (thread-receive-evt))))))
      (thread-send main 'left)
      (sync t2)
      (outcome seen)
      (outcome (thread-receive))
      (sync t)
      (outcome (thread-send t 3 #f))
      (outcome (thread-send t 3 (lambda () 'failed)))
    `);
    const ours: string[] = [];
    const main = currentThread();
    const s = (name: string): symbol => Symbol.for(name);
    threadSend(main, s('a'));
    threadSend(main, s('b'));
    threadRewindReceive([s('x'), s('y'), s('z')]);
    ours.push(await outcome(async () => [await threadReceive(), threadTryReceive()]));
    threadRewindReceive([s('q')]);
    ours.push(
      await outcome(async () => [
        await threadReceive(),
        await threadReceive(),
        await threadReceive(),
        await threadReceive(),
      ]),
    );
    ours.push(await outcome(() => threadTryReceive()));
    ours.push(await outcome(() => syncTimeout(0, threadReceiveEvt())));
    const t = thread(async () => {
      const first = await threadReceive();
      threadRewindReceive([first, s('pushed')]);
      threadSend(main, [await threadReceive(), await threadReceive(), await threadReceive()]);
    });
    threadSend(t, 1);
    threadSend(t, 2);
    ours.push(await outcome(() => threadReceive()));
    threadSend(main, s('later'));
    ours.push(await outcome(async () => threadReceiveEvt() === (await sync(threadReceiveEvt()))));
    ours.push(await outcome(() => threadReceive()));
    let seen: unknown;
    const t2 = thread(async () => {
      seen = await syncTimeout(0, threadReceiveEvt());
    });
    threadSend(main, s('left'));
    await sync(t2);
    ours.push(await outcome(() => seen));
    ours.push(await outcome(() => threadReceive()));
    await sync(t);
    ours.push(await outcome(() => threadSend(t, 3, false)));
    ours.push(await outcome(() => threadSend(t, 3, () => s('failed'))));
    assert.deepEqual(ours, racket);
  });

  it('on suspend and resume of a thread blocked in sync', async () => {
    const racket = racketLines(`
      (define s (make-semaphore 0))
      (define log '())
      (define (note v) (set! log (cons v log)))
      (define t (thread (lambda () (semaphore-wait s) (note 'got-it))))
      (sleep 0.01)
      (define se (thread-suspend-evt t))
      (define re (thread-resume-evt t))
      (outcome (list (sync/timeout 0 se) (sync/timeout 0 re)))
      (thread-suspend t)
      (outcome (list (sync/timeout 0 se) (sync/timeout 0 (thread-suspend-evt t)) (sync/timeout 0 re)
                     (sync/timeout 0 (thread-resume-evt t))))
      (outcome (list (thread-running? t) (thread-dead? t)))
      (semaphore-post s)
      (sleep 0.02)
      (outcome (list (semaphore-try-wait? s) log))
      (semaphore-post s)
      (thread-resume t)
      (outcome (list (thread-running? t) (sync/timeout 0 (thread-resume-evt t))
                     (sync/timeout 0 (thread-suspend-evt t))))
      (sync t)
      (outcome log)
      (outcome (list (sync/timeout 0 (thread-suspend-evt t)) (sync/timeout 0 (thread-resume-evt t))))
      (outcome (list (thread-suspend t) (thread-resume t)))
      (define t3 (thread (lambda () (with-handlers ([exn:break? (lambda (e) (note 'broken))])
                                       (sync never-evt)))))
      (sleep 0.01)
      (thread-suspend t3)
      (break-thread t3)
      (sleep 0.02)
      (outcome log)
      (thread-resume t3)
      (sync t3)
      (outcome log)
      (define t4 (thread (lambda () (sync never-evt))))
      (sleep 0.01)
      (thread-suspend t4)
      (kill-thread t4)
      (outcome (thread-dead? t4))
      (define t5 (thread (lambda () (note (sync/timeout 0.2 never-evt)))))
      (sleep 0.01)
      (thread-suspend t5)
      (sleep 0.3)
      (outcome log)
      (thread-resume t5)
      (sync t5)
      (outcome log)
      (define ch (make-channel))
      (define t6 (thread (lambda () (note (list 'ch (channel-get ch))))))
      (sleep 0.01)
      (thread-suspend t6)
      (outcome (sync/timeout 0.02 (channel-put-evt ch 1)))
      (thread-resume t6)
      (outcome (sync/timeout 1 (channel-put-evt ch 2)))
      (sync t6)
      (outcome log)
    `);
    const ours: string[] = [];
    const log: unknown[] = [];
    const note = (v: unknown): void => void log.unshift(v);
    const sym = (n: string): symbol => Symbol.for(n);
    const s = makeSemaphore(0);
    const t = thread(async () => {
      await semaphoreWait(s);
      note(sym('got-it'));
    });
    await sleep(0.01);
    const se = threadSuspendEvt(t);
    const re = threadResumeEvt(t);
    ours.push(await outcome(async () => [await syncTimeout(0, se), await syncTimeout(0, re)]));
    threadSuspend(t);
    ours.push(
      await outcome(async () => [
        await syncTimeout(0, se),
        await syncTimeout(0, threadSuspendEvt(t)),
        await syncTimeout(0, re),
        await syncTimeout(0, threadResumeEvt(t)),
      ]),
    );
    ours.push(await outcome(() => [isThreadRunning(t), isThreadDead(t)]));
    semaphorePost(s);
    await sleep(0.02);
    ours.push(await outcome(() => [semaphoreTryWait(s), [...log]]));
    semaphorePost(s);
    threadResume(t);
    ours.push(
      await outcome(async () => [
        isThreadRunning(t),
        await syncTimeout(0, threadResumeEvt(t)),
        await syncTimeout(0, threadSuspendEvt(t)),
      ]),
    );
    await sync(t);
    ours.push(await outcome(() => [...log]));
    ours.push(
      await outcome(async () => [
        await syncTimeout(0, threadSuspendEvt(t)),
        await syncTimeout(0, threadResumeEvt(t)),
      ]),
    );
    ours.push(await outcome(() => [threadSuspend(t), threadResume(t)]));
    const t3 = thread(async () => {
      try {
        await sync(neverEvt);
      } catch (e) {
        if (isExnBreak(e)) note(sym('broken'));
      }
    });
    await sleep(0.01);
    threadSuspend(t3);
    breakThread(t3);
    await sleep(0.02);
    ours.push(await outcome(() => [...log]));
    threadResume(t3);
    await sync(t3);
    ours.push(await outcome(() => [...log]));
    const t4: Thread = thread(() => sync(neverEvt));
    await sleep(0.01);
    threadSuspend(t4);
    killThread(t4);
    ours.push(await outcome(() => isThreadDead(t4)));
    const t5 = thread(async () => note(await syncTimeout(0.2, neverEvt)));
    await sleep(0.01);
    threadSuspend(t5);
    await sleep(0.3);
    ours.push(await outcome(() => [...log]));
    threadResume(t5);
    await sync(t5);
    ours.push(await outcome(() => [...log]));
    const ch = makeChannel<number>();
    const t6 = thread(async () => {
      const v = await sync(ch);
      note([sym('ch'), v]);
    });
    await sleep(0.01);
    threadSuspend(t6);
    ours.push(await outcome(() => syncTimeout(0.02, channelPutEvt(ch, 1))));
    threadResume(t6);
    ours.push(await outcome(() => syncTimeout(1, channelPutEvt(ch, 2))));
    await sync(t6);
    ours.push(await outcome(() => [...log]));
    assert.deepEqual(ours, racket);
  });

  it('on custodian boxes, before and after a shutdown', async () => {
    const racket = racketLines(`
      (define c (make-custodian))
      (define b (make-custodian-box c (list 1 2)))
      (define waiter (thread (lambda () (sync b))))
      (outcome (list (custodian-box-value b) (sync/timeout 0 b)
                     (length (custodian-managed-list c (current-custodian)))))
      (sleep 0.01)
      (custodian-shutdown-all c)
      (outcome (list (custodian-box-value b) (eq? b (sync/timeout 0 b)) (eq? (sync waiter) waiter)))
    `);
    const ours: string[] = [];
    const c = makeCustodian();
    const b = makeCustodianBox(c, [1, 2]);
    const waiter = thread(() => sync(b));
    ours.push(
      await outcome(async () => [
        custodianBoxValue(b),
        await syncTimeout(0, b),
        custodianManagedList(c, currentCustodian()).length,
      ]),
    );
    await sleep(0.01);
    custodianShutdownAll(c);
    ours.push(
      await outcome(async () => [
        custodianBoxValue(b),
        (await syncTimeout(0, b)) === b,
        (await sync(waiter)) === waiter,
      ]),
    );
    assert.deepEqual(ours, racket);
  });

  it('on nested threads: results, raises, kills, and breaks passed on', async () => {
    const racket = racketLines(`
      (outcome (call-in-nested-thread (lambda () 5)))
      (outcome (call-in-nested-thread (lambda () (error 'x "boom"))))
      (outcome (call-in-nested-thread (lambda () (kill-thread (current-thread)))))
      (outcome (let ([c (make-custodian)])
                 (call-in-nested-thread (lambda () (custodian-shutdown-all c)) c)))
      (outcome (let ([c (make-custodian)])
                 (call-in-nested-thread (lambda () (eq? c (current-custodian))) c)))
      (define p (make-parameter 'outer))
      (outcome (parameterize ([p 'bound]) (call-in-nested-thread (lambda () (p)))))
      (define main (current-thread))
      (thread (lambda () (sleep 0.02) (break-thread main)))
      (outcome (call-in-nested-thread
                 (lambda () (with-handlers ([exn:break? (lambda (e) 'caught-in-nested)])
                              (sync never-evt)))))
    `);
    const ours: string[] = [];
    ours.push(await outcome(() => callInNestedThread(() => 5)));
    ours.push(
      await outcome(() =>
        callInNestedThread(() => {
          throw new ExnFail('x: boom');
        }),
      ),
    );
    ours.push(await outcome(() => callInNestedThread(() => killThread(currentThread()))));
    const c = makeCustodian();
    ours.push(await outcome(() => callInNestedThread(() => custodianShutdownAll(c), c)));
    const c2 = makeCustodian();
    ours.push(await outcome(() => callInNestedThread(() => c2 === currentCustodian(), c2)));
    const p = makeParameter<symbol>(Symbol.for('outer'));
    ours.push(
      await outcome(() =>
        parameterize(p, Symbol.for('bound'), () => callInNestedThread(() => p())),
      ),
    );
    const main = currentThread();
    thread(async () => {
      await sleep(0.02);
      breakThread(main);
    });
    ours.push(
      await outcome(() =>
        callInNestedThread(async () => {
          try {
            await sync(neverEvt);
          } catch (e) {
            if (isExnBreak(e)) return Symbol.for('caught-in-nested');
            throw e;
          }
        }),
      ),
    );
    assert.deepEqual(ours, racket);
  });

  it('on user-defined events (prop:evt)', async () => {
    const racket = racketLines(`
      (struct via-proc (n) #:property prop:evt (lambda (self) (wrap-evt always-evt (lambda (_) (via-proc-n self)))))
      (struct via-field (e) #:property prop:evt 0)
      (struct not-evt () #:property prop:evt (lambda (self) 5))
      (define calls 0)
      (struct counted () #:property prop:evt (lambda (self) (set! calls (add1 calls)) never-evt))
      (define ne (not-evt))
      (outcome (list (evt? (via-proc 1)) (sync (via-proc 7)) (sync (via-field (wrap-evt always-evt (lambda (_) 'f))))
                     (eq? ne (sync ne))
                     (sync (choice-evt never-evt (wrap-evt (via-proc 3) add1)))
                     (sync/timeout 0 (counted) (counted))
                     calls))
      (struct bad () #:property prop:evt (lambda (self) (error 'bad "no event")))
      (outcome (sync (bad)))
    `);
    class ViaProc extends PropEvt<number> {
      constructor(readonly n: number) {
        super();
      }
      evt(): Evt<number> {
        return wrapEvt(alwaysEvt, () => this.n);
      }
    }
    class ViaField<T> extends PropEvt<T> {
      constructor(readonly e: Evt<T>) {
        super();
      }
      evt(): Evt<T> {
        return this.e;
      }
    }
    class NotEvt extends PropEvt<unknown> {
      evt(): unknown {
        return 5;
      }
    }
    let calls = 0;
    class Counted extends PropEvt<never> {
      evt(): Evt<never> {
        calls++;
        return neverEvt;
      }
    }
    class Bad extends PropEvt<never> {
      evt(): Evt<never> {
        throw new ExnFail('bad: no event');
      }
    }
    const ne = new NotEvt();
    const ours: string[] = [];
    ours.push(
      await outcome(async () => [
        isEvt(new ViaProc(1)),
        await sync(new ViaProc(7)),
        await sync(new ViaField(wrapEvt(alwaysEvt, () => Symbol.for('f')))),
        (await sync(ne)) === ne,
        // Not a Counted here: Racket may choose a ready event without calling later guards.
        await sync(
          choiceEvt<number>(
            neverEvt,
            wrapEvt(new ViaProc(3), (n) => n + 1),
          ),
        ),
        await syncTimeout(0, new Counted(), new Counted()),
        calls,
      ]),
    );
    ours.push(await outcome(() => sync(new Bad())));
    assert.deepEqual(ours, racket);
  });

  it('on derived parameters', async () => {
    const racket = racketLines(`
      (define p (make-parameter 1 (lambda (v) (if (number? v) v (raise-argument-error 'p "number?" v)))))
      (define d (make-derived-parameter p (lambda (v) (* v 10)) (lambda (v) (list v))))
      (outcome (list (p) (d)))
      (d 2)
      (outcome (list (p) (d)))
      (outcome (parameterize ([d 3]) (list (p) (d))))
      (outcome (parameterize ([p 4]) (list (p) (d))))
      (define dd (make-derived-parameter d (lambda (v) (+ v 1)) (lambda (v) (cons 'x v))))
      (dd 5)
      (outcome (list (p) (d) (dd) (parameter? dd)))
      (outcome (parameterize ([dd 0]) (list (p) (dd))))
      (outcome (let ([q (make-parameter 0)] [c (make-channel)])
                 (define dq (make-derived-parameter q values values))
                 (parameterize ([dq 7]) (thread (lambda () (channel-put c (list (q) (dq))))))
                 (channel-get c)))
    `);
    const ours: string[] = [];
    const p = makeParameter<number>(1, (v) => {
      if (typeof v !== 'number') throw new Error('not a number');
      return v;
    });
    // Set with numbers, read as lists: loosely typed, as in Racket.
    const d = makeDerivedParameter<number, never>(
      p,
      (v: number) => v * 10,
      (v) => [v] as never,
    ) as (v?: number) => unknown;
    ours.push(await outcome(() => [p(), d()]));
    d(2);
    ours.push(await outcome(() => [p(), d()]));
    ours.push(await outcome(() => parameterize(d as never, 3 as never, () => [p(), d()])));
    ours.push(await outcome(() => parameterize(p, 4, () => [p(), d()])));
    const dd = makeDerivedParameter<never, never>(
      d as never,
      ((v: number) => v + 1) as never,
      ((v: unknown[]) => [Symbol.for('x'), ...v]) as never,
    ) as (v?: number) => unknown;
    dd(5);
    ours.push(await outcome(() => [p(), d(), dd(), isParameter(dd)]));
    ours.push(await outcome(() => parameterize(dd as never, 0 as never, () => [p(), dd()])));
    ours.push(
      await outcome(async () => {
        const q = makeParameter(0);
        const dq = makeDerivedParameter(
          q,
          (v: number) => v,
          (v) => v,
        );
        const ch = makeChannel<unknown>();
        parameterize(dq, 7, () => thread(() => sync(channelPutEvt(ch, [q(), dq()]))));
        return sync(ch);
      }),
    );
    assert.deepEqual(ours, racket);
  });
});

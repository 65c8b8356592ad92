import { formatValue } from '../exn/print.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnFailContract,
  checkForBreak,
  currentThread,
  isThread,
  isThreadDead,
  isThreadRunning,
  killThread,
  makeChannel,
  makeSemaphore,
  channelGet,
  channelPut,
  neverEvt,
  semaphorePost,
  semaphoreWait,
  sync,
  syncTimeout,
  thread,
  threadDeadEvt,
  threadWait,
  currentCustodian,
  makeCustodian,
  parameterize,
} from '../index.js';
import { captureStderr, flush, isPending, pause } from '../test-support/async.js';
import {
  assertContractErrors,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';
import { runNodeChild } from '../test-support/node-child.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => thread(1 as never), contractMessage('thread', '(procedure-arity-includes/c 0)', '1')],
  [() => killThread(1 as never), contractMessage('kill-thread', 'thread?', '1')],
  [() => threadWait(1 as never), contractMessage('thread-wait', 'thread?', '1'), 'rejects'],
  [() => threadDeadEvt(1 as never), contractMessage('thread-dead-evt', 'thread?', '1')],
  [() => isThreadRunning(1 as never), contractMessage('thread-running?', 'thread?', '1')],
  [() => isThreadDead(1 as never), contractMessage('thread-dead?', 'thread?', '1')],
];

describe('thread', () => {
  it('returns before the thunk starts, and the thunk then runs', async () => {
    let ran = false;
    const t = thread(() => {
      ran = true;
    });
    assert.equal(ran, false);
    assert.ok(isThread(t));
    await threadWait(t);
    assert.equal(ran, true);
  });

  it('runs an async thunk to its end', async () => {
    const steps: number[] = [];
    const t = thread(async () => {
      steps.push(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      steps.push(2);
    });
    assert.ok(isThreadRunning(t));
    await threadWait(t);
    assert.deepEqual(steps, [1, 2]);
    assert.ok(isThreadDead(t));
    assert.ok(!isThreadRunning(t));
  });

  it('has currentThread() be the thread itself inside, and one main thread outside', async () => {
    const main = currentThread();
    assert.ok(isThread(main));
    assert.equal(currentThread(), main);
    const ch = makeChannel<unknown>();
    const t = thread(async () => {
      await channelPut(ch, currentThread());
      await channelPut(ch, currentThread());
    });
    assert.equal(await channelGet(ch), t);
    assert.equal(await channelGet(ch), t, 'still itself after an await');
    assert.notEqual(t, main);
    await threadWait(t);
  });

  it('prints as #<thread:name>', () => {
    const t = thread(function worker() {});
    assert.equal(formatValue(t), '#<thread:worker>');
  });

  it('checks its arguments', () => assertContractErrors(CONTRACT_CASES));
});

describe('waiting for threads', () => {
  it('threadWait waits until the thread ends', async () => {
    const s = makeSemaphore(0);
    const t = thread(() => semaphoreWait(s));
    const waiting = threadWait(t);
    assert.ok(await isPending(waiting));
    semaphorePost(s);
    await waiting;
    assert.ok(isThreadDead(t));
  });

  it('a thread is an event, ready with itself once it ends', async () => {
    const s = makeSemaphore(0);
    const t = thread(() => semaphoreWait(s));
    assert.equal(await syncTimeout(0, t), false);
    semaphorePost(s);
    assert.equal(await sync(t), t);
  });

  it('threadDeadEvt is ready with itself once the thread ends, however it ends', async () => {
    const finished = thread(() => {});
    const failed = thread(() => {
      throw new Error('escapes');
    });
    const killed = thread(() => sync(neverEvt));
    const stderr = await captureStderr(async () => {
      await flush();
      killThread(killed);
      for (const t of [finished, failed, killed]) {
        const dead = threadDeadEvt(t);
        assert.equal(await sync(dead), dead);
      }
    });
    assert.match(stderr, /escapes/);
  });

  it('threadDeadEvt is not ready while the thread runs', async () => {
    const t = thread(() => sync(neverEvt));
    assert.equal(await syncTimeout(0, threadDeadEvt(t)), false);
    killThread(t);
    assert.notEqual(await syncTimeout(0, threadDeadEvt(t)), false);
  });
});

describe('killThread', () => {
  it('needs the current custodian to manage the thread, itself or through a subordinate (thread.rktl:183)', async () => {
    const c = makeCustodian();
    const other = makeCustodian();
    const t = parameterize([[currentCustodian, c]], () => thread(() => sync(neverEvt)));
    assertThrowsExn(
      () => parameterize([[currentCustodian, other]], () => killThread(t)),
      ExnFailContract,
      `kill-thread: the current custodian does not solely manage the specified thread\n  thread: ${formatValue(t)}`,
    );
    assert.ok(!isThreadDead(t), 'the thread lives on');
    // Its own custodian, or any superior one (the root here), may kill it.
    killThread(t);
    assert.ok(isThreadDead(t));
    const sub = makeCustodian(c);
    const u = parameterize([[currentCustodian, sub]], () => thread(() => sync(neverEvt)));
    parameterize([[currentCustodian, c]], () => killThread(u));
    assert.ok(isThreadDead(u));
    killThread(u); // a dead thread: nothing to refuse
  });

  it('ends a blocked thread, which never resumes', async () => {
    const s = makeSemaphore(0);
    const reached: string[] = [];
    const t = thread(async () => {
      reached.push('before');
      await semaphoreWait(s);
      reached.push('after');
    });
    await flush();
    killThread(t);
    assert.ok(isThreadDead(t));
    semaphorePost(s);
    await pause();
    assert.deepEqual(reached, ['before']);
    assert.equal(s.count, 1, 'the killed thread did not take the post');
  });

  it('stops a thread before its thunk starts', async () => {
    let ran = false;
    const t = thread(() => (ran = true));
    killThread(t);
    await pause();
    assert.equal(ran, false);
    assert.ok(isThreadDead(t));
  });

  it('does not return when a thread kills itself', async () => {
    const reached: string[] = [];
    const t = thread(() => {
      reached.push('before');
      killThread(currentThread());
      reached.push('after');
    });
    await threadWait(t);
    assert.deepEqual(reached, ['before']);
  });

  it('stops a thread killed between two waits at its next wait or checkForBreak', async () => {
    const reached: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const t = thread(async () => {
      await gate;
      reached.push('resumed');
      checkForBreak();
      reached.push('after checkForBreak');
    });
    const u = thread(async () => {
      await gate;
      reached.push('resumed too');
      await sync(neverEvt).catch(() => {});
      reached.push('after sync');
    });
    await flush();
    killThread(t);
    killThread(u);
    release();
    await pause();
    assert.deepEqual(reached.sort(), ['resumed', 'resumed too']);
  });

  it('does nothing to a thread that has ended', async () => {
    const t = thread(() => {});
    await threadWait(t);
    killThread(t);
    assert.ok(isThreadDead(t));
  });

  it('does not print anything for a killed thread', async () => {
    const stderr = await captureStderr(async () => {
      const t = thread(() => sync(neverEvt));
      await flush();
      killThread(t);
      await pause();
    });
    assert.equal(stderr, '');
  });
});

describe('an exception that escapes a thread', () => {
  it('is printed to stderr as Racket prints it, and ends only that thread', async () => {
    const ch = makeChannel<string>();
    const survivor = thread(async () => channelPut(ch, await channelGet(ch)));
    const stderr = await captureStderr(async () => {
      const failing = thread(() => {
        throw new ExnFailContract('foo: contract violation\n  expected: integer?\n  given: "x"');
      });
      await threadWait(failing);
      const raising = thread(async () => {
        await flush();
        throw 42;
      });
      await threadWait(raising);
    });
    assert.equal(
      stderr,
      'foo: contract violation\n  expected: integer?\n  given: "x"\nuncaught exception: 42\n',
    );
    await channelPut(ch, 'still alive');
    assert.equal(await channelGet(ch), 'still alive');
    await threadWait(survivor);
  });

  it('prints a JavaScript error with its stack', async () => {
    const stderr = await captureStderr(async () => {
      await threadWait(
        thread(() => {
          throw new TypeError('not a Racket exception');
        }),
      );
    });
    assert.match(stderr, /^TypeError: not a Racket exception\n {4}at /);
  });

  it('is never an unhandled rejection, and the process carries on', () => {
    const child = runNodeChild(`
      import { thread, threadWait, ExnFail } from RACKET_NET;
      process.on('unhandledRejection', () => { console.log('unhandled rejection'); process.exit(3); });
      const t1 = thread(async () => { throw new ExnFail('boom: async failure'); });
      const t2 = thread(() => { throw new Error('sync failure'); });
      await threadWait(t1);
      await threadWait(t2);
      await new Promise((resolve) => setTimeout(resolve, 20));
      console.log('carried on');
    `);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'carried on\n');
    assert.match(child.stderr, /^boom: async failure$/m);
    assert.match(child.stderr, /Error: sync failure/);
  });
});

describe('idle library state', () => {
  it('does not keep the process alive', () => {
    const child = runNodeChild(`
      import { thread, sync, syncTimeout, neverEvt, makeSemaphore, makeChannel, channelGet,
        semaphoreWait } from RACKET_NET;
      thread(() => sync(neverEvt));
      thread(() => semaphoreWait(makeSemaphore(0)));
      thread(() => channelGet(makeChannel()));
      thread(() => syncTimeout(Infinity, neverEvt));
      thread(() => sync());
      sync(neverEvt).then(() => console.log('never'));
      console.log('started');
    `);
    assert.equal(child.signal, null, 'the process had to be killed: something kept it alive');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'started\n');
  });

  it('is kept alive by a real timer, such as a sleeping thread', () => {
    const child = runNodeChild(`
      import { thread, sleep } from RACKET_NET;
      thread(async () => { await sleep(0.05); console.log('woke'); });
    `);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'woke\n');
  });
});

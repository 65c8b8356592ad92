/**
 * threadSuspend / threadResume beyond the differential scenarios: syncs over many events, a
 * thread that suspends itself, a read from a pipe, and mailboxes of suspended threads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnFailContract,
  callInNestedThread,
  currentCustodian,
  killThread,
  makeCustodian,
  neverEvt,
  parameterize,
  alarmEvt,
  currentThread,
  makePipe,
  makeSemaphore,
  readBytes,
  semaphorePost,
  semaphoreTryWait,
  sync,
  thread,
  threadReceive,
  threadResume,
  threadSend,
  threadSuspend,
  threadWait,
  writeBytes,
  flushOutput,
  isThreadRunning,
  currentInexactMilliseconds,
} from '../index.js';
import { pause } from '../test-support/async.js';

describe('threadSuspend', () => {
  it('needs the current custodian to manage the thread, as killThread does', async () => {
    const t = thread(() => sync(neverEvt));
    assert.throws(
      () => parameterize(currentCustodian, makeCustodian(), () => threadSuspend(t)),
      (e: Error) =>
        e instanceof ExnFailContract &&
        /^thread-suspend: the current custodian does not solely manage the specified thread\n {2}thread: #<thread/.test(
          e.message,
        ),
    );
    assert.ok(isThreadRunning(t));
    killThread(t);
  });

  it('stops a sync over several events from taking any of them until resumed', async () => {
    const a = makeSemaphore();
    const b = makeSemaphore();
    let got: unknown = null;
    const t = thread(async () => {
      got = await sync(a, b, alarmEvt(currentInexactMilliseconds() + 60_000));
    });
    await pause(5);
    threadSuspend(t);
    semaphorePost(a);
    semaphorePost(b);
    await pause(10);
    assert.equal(got, null);
    assert.ok(semaphoreTryWait(a) && semaphoreTryWait(b), 'both posts are still there');
    semaphorePost(b);
    threadResume(t);
    await threadWait(t);
    assert.equal(got, b);
  });

  it('a thread that suspends itself runs on until its next wait, which waits to be resumed', async () => {
    const steps: string[] = [];
    const s = makeSemaphore(1);
    const t = thread(async () => {
      threadSuspend(currentThread());
      steps.push('ran on');
      await sync(s);
      steps.push('took it');
    });
    await pause(10);
    assert.deepEqual(steps, ['ran on']);
    assert.equal(isThreadRunning(t), false);
    threadResume(t);
    await threadWait(t);
    assert.deepEqual(steps, ['ran on', 'took it']);
  });

  it('leaves bytes in a pipe for after the resume', async () => {
    const [input, output] = makePipe();
    let got: unknown = null;
    const t = thread(async () => {
      got = await readBytes(3, input);
    });
    await pause(5);
    threadSuspend(t);
    await writeBytes(Buffer.from('abc'), output);
    await flushOutput(output);
    await pause(10);
    assert.equal(got, null);
    threadResume(t);
    await threadWait(t);
    assert.equal(Buffer.from(got as unknown as Uint8Array).toString(), 'abc');
  });

  it('queues messages for a suspended thread, received once it is resumed', async () => {
    let got: unknown = null;
    const t = thread(async () => {
      got = await threadReceive();
    });
    await pause(5);
    threadSuspend(t);
    threadSend(t, 'm');
    await pause(10);
    assert.equal(got, null);
    threadResume(t);
    await threadWait(t);
    assert.equal(got, 'm');
  });
});

describe('callInNestedThread', () => {
  it('kills the nested thread when the calling thread is killed, as Racket', async () => {
    let nested: ReturnType<typeof currentThread> | null = null;
    const caller = thread(() =>
      callInNestedThread(() => {
        nested = currentThread();
        return sync(neverEvt);
      }),
    );
    await pause(10);
    assert.ok(nested !== null && isThreadRunning(nested));
    killThread(caller);
    await pause(5);
    assert.equal(isThreadRunning(nested!), false);
  });
});

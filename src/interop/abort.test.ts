/** Breaks from an AbortSignal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExnBreak, makeSemaphore, semaphoreWait, sync, thread, threadWait } from '../index.js';
import { breakOnAbort, callWithAbortSignal } from './index.js';
import { pause } from '../test-support/async.js';

test('breakOnAbort breaks a thread blocked in a wait', async () => {
  const controller = new AbortController();
  let caught: unknown;
  const t = thread(async () => {
    try {
      await semaphoreWait(makeSemaphore(0));
    } catch (error) {
      caught = error;
    }
  });
  const dispose = breakOnAbort(controller.signal, t);
  await pause();
  controller.abort();
  await threadWait(t);
  dispose();
  assert.ok(isExnBreak(caught));
});

test('breakOnAbort with an aborted signal breaks at the next wait; the disposer stops it', async () => {
  const aborted = AbortSignal.abort();
  let caught: unknown;
  const t = thread(async () => {
    try {
      await sync(makeSemaphore(0));
    } catch (error) {
      caught = error;
    }
  });
  breakOnAbort(aborted, t);
  await threadWait(t);
  assert.ok(isExnBreak(caught));

  const controller = new AbortController();
  const sem = makeSemaphore(0);
  let finished = false;
  const u = thread(async () => {
    await semaphoreWait(sem);
    finished = true;
  });
  breakOnAbort(controller.signal, u)();
  controller.abort();
  await pause();
  sem.post();
  await threadWait(u);
  assert.equal(finished, true);
});

test('callWithAbortSignal: the result, or ExnBreak when aborted', async () => {
  assert.equal(await callWithAbortSignal(new AbortController().signal, async () => 42), 42);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(
    callWithAbortSignal(controller.signal, () => semaphoreWait(makeSemaphore(0))),
    (error: unknown) => isExnBreak(error),
  );
});

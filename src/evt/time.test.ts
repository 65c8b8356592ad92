import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnBreak,
  alarmEvt,
  breakThread,
  currentInexactMilliseconds,
  sleep,
  sync,
  syncTimeout,
  thread,
  threadWait,
} from '../index.js';
import { flush } from '../test-support/async.js';
import {
  assertContractErrors,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => alarmEvt('x' as never), contractMessage('create-alarm-evt', 'real?', '"x"')],
  [() => sleep(-1), contractMessage('sleep', '(>=/c 0)', '-1'), 'rejects'],
  [() => sleep('x' as never), contractMessage('sleep', '(>=/c 0)', '"x"'), 'rejects'],
];

it('alarmEvt and sleep check their arguments', () => assertContractErrors(CONTRACT_CASES));

describe('currentInexactMilliseconds', () => {
  it('gives milliseconds since the epoch that never go backwards', () => {
    const a = currentInexactMilliseconds();
    const b = currentInexactMilliseconds();
    assert.ok(Math.abs(a - Date.now()) < 1000);
    assert.ok(b >= a);
  });
});

describe('alarmEvt', () => {
  it('is ready once the time comes, with itself as the result', async () => {
    const due = currentInexactMilliseconds() + 20;
    const alarm = alarmEvt(due);
    assert.equal(await syncTimeout(0, alarm), false);
    assert.equal(await sync(alarm), alarm);
    assert.ok(currentInexactMilliseconds() >= due);
    assert.equal(await syncTimeout(0, alarm), alarm, 'stays ready');
  });

  it('is ready at once for a time in the past', async () => {
    const alarm = alarmEvt(currentInexactMilliseconds() - 1000);
    assert.equal(await syncTimeout(0, alarm), alarm);
  });
});

describe('sleep', () => {
  it('waits at least the time given, in seconds', async () => {
    const start = currentInexactMilliseconds();
    await sleep(0.02);
    assert.ok(currentInexactMilliseconds() - start >= 20);
  });

  it('with 0 or no argument lets other threads run', async () => {
    const ran: string[] = [];
    thread(() => ran.push('thread'));
    await sleep(0);
    assert.deepEqual(ran, ['thread']);
    await sleep();
  });

  it('ends with a break, leaving no timer behind', async () => {
    let caught: unknown;
    const t = thread(async () => {
      try {
        await sleep(3600);
      } catch (error) {
        caught = error;
      }
    });
    await flush();
    breakThread(t);
    await threadWait(t);
    assert.ok(caught instanceof ExnBreak);
  });
});

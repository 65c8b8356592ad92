/** systemIdleEvt, pollGuardEvt, monotonic alarms, custodian boxes: what the diff tests do not. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmEvt,
  alwaysEvt,
  currentInexactMonotonicMilliseconds,
  custodianBoxValue,
  custodianShutdownAll,
  guardEvt,
  makeCustodian,
  makeCustodianBox,
  makeSemaphore,
  neverEvt,
  pollGuardEvt,
  sync,
  syncTimeout,
  systemIdleEvt,
  thread,
  wrapEvt,
} from '../index.js';

describe('systemIdleEvt', () => {
  it('is not ready while a thread still has work queued', async () => {
    let n = 0;
    thread(async () => {
      for (let i = 0; i < 1000; i++) {
        n++;
        await null;
      }
    });
    await sync(systemIdleEvt());
    assert.equal(n, 1000);
  });

  it('loses to any other ready event, and is never ready to a poll', async () => {
    const s = makeSemaphore(1);
    assert.equal(await sync(systemIdleEvt(), s), s);
    assert.equal(await syncTimeout(0, systemIdleEvt()), false);
  });
});

describe('pollGuardEvt', () => {
  it('is told about its own sync, even after a guard ran a sync of another kind', async () => {
    const seen: boolean[] = [];
    const inner = guardEvt(() => {
      // A nested sync (that may wait) started from a guard of a polling sync.
      void sync(wrapEvt(alwaysEvt, () => 0));
      return neverEvt;
    });
    const pg = pollGuardEvt((isPoll) => {
      seen.push(isPoll);
      return neverEvt;
    });
    await syncTimeout(0, inner, pg);
    assert.deepEqual(seen, [true]);
    await syncTimeout(0.001, pg);
    assert.deepEqual(seen, [true, false]);
  });
});

describe('alarmEvt with monotonic = true', () => {
  it('counts on currentInexactMonotonicMilliseconds', async () => {
    const start = currentInexactMonotonicMilliseconds();
    const a = alarmEvt(start + 30, true);
    assert.equal(await syncTimeout(0, a), false);
    assert.equal(await sync(a), a);
    assert.ok(currentInexactMonotonicMilliseconds() - start >= 29);
    // The same number as an absolute time is long past.
    assert.equal(
      await syncTimeout(
        0,
        wrapEvt(alarmEvt(start + 30), () => 'past'),
      ),
      'past',
    );
  });
});

describe('custodian boxes', () => {
  it('a box made under a child custodian is emptied when the parent shuts down', async () => {
    const parent = makeCustodian();
    const child = makeCustodian(parent);
    const box = makeCustodianBox(child, 'v');
    const waiter = thread(() => sync(box));
    assert.equal(custodianBoxValue(box), 'v');
    custodianShutdownAll(parent);
    assert.equal(custodianBoxValue(box), false);
    assert.equal(await sync(waiter), waiter);
  });

  it('the shutdown of another custodian leaves it alone', async () => {
    const c = makeCustodian();
    const box = makeCustodianBox(c, 1);
    const other = makeCustodian();
    custodianShutdownAll(other);
    assert.equal(custodianBoxValue(box), 1);
    assert.equal(await syncTimeout(0, box), false);
    custodianShutdownAll(c);
  });
});

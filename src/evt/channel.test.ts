import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alwaysEvt,
  channelGet,
  channelPut,
  channelPutEvt,
  isChannel,
  isThreadDead,
  killThread,
  makeChannel,
  sync,
  syncTimeout,
  thread,
  threadWait,
} from '../index.js';
import { flush, isPending } from '../test-support/async.js';
import {
  assertContractErrors,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => channelPut(1 as never, 2), contractMessage('channel-put', 'channel?', '1'), 'rejects'],
  [() => channelGet(1 as never), contractMessage('channel-get', 'channel?', '1'), 'rejects'],
  [() => channelPutEvt(1 as never, 2), contractMessage('channel-put-evt', 'channel?', '1')],
];

describe('channels', () => {
  it('check their arguments', () => assertContractErrors(CONTRACT_CASES));

  it('are recognised', () => {
    assert.ok(isChannel(makeChannel()));
    assert.ok(!isChannel({}));
  });

  it('complete a put only together with a get', async () => {
    const ch = makeChannel<string>();
    let putDone = false;
    const putting = channelPut(ch, 'hello').then(() => (putDone = true));
    assert.ok(await isPending(putting));
    assert.equal(putDone, false);
    assert.equal(await channelGet(ch), 'hello');
    await putting;
    assert.equal(putDone, true);
  });

  it('make a get wait for a put', async () => {
    const ch = makeChannel<number>();
    const getting = channelGet(ch);
    assert.ok(await isPending(getting));
    await channelPut(ch, 7);
    assert.equal(await getting, 7);
  });

  it('are events: a get gives the value, a put event gives itself', async () => {
    const ch = makeChannel<number>();
    const put = channelPutEvt(ch, 3);
    const putting = sync(put);
    assert.equal(await sync(ch), 3);
    assert.equal(await putting, put);
  });

  it('are not ready with nobody on the other side', async () => {
    const ch = makeChannel();
    assert.equal(await syncTimeout(0, ch), false);
    assert.equal(await syncTimeout(0, channelPutEvt(ch, 1)), false);
  });

  it('never let a sync meet itself', async () => {
    const ch = makeChannel<number>();
    assert.equal(await syncTimeout(0, ch, channelPutEvt(ch, 1)), false);
    assert.equal(await syncTimeout(0.02, ch, channelPutEvt(ch, 1)), false);
    const put = channelPutEvt(ch, 1);
    const both = sync(ch, put);
    assert.ok(await isPending(both));
    assert.equal(await channelGet(ch), 1, 'another party can take the put');
    assert.equal(await both, put);
  });

  it('pair waiting puts and gets first come, first served', async () => {
    const ch = makeChannel<string>();
    const puts = ['a', 'b', 'c'].map((v) => channelPut(ch, v));
    await flush();
    assert.deepEqual(
      [await channelGet(ch), await channelGet(ch), await channelGet(ch)],
      ['a', 'b', 'c'],
    );
    await Promise.all(puts);
  });

  it('put nothing when a put event is not chosen', async () => {
    const ch = makeChannel<number>();
    const received: number[] = [];
    const chosen: number[] = [];
    let getter = channelGet(ch).then((v) => received.push(v));
    for (let i = 0; i < 100; i++) {
      const put = channelPutEvt(ch, i);
      const result = await sync(put, alwaysEvt);
      await flush();
      if (result === put) {
        chosen.push(i);
        await getter;
        getter = channelGet(ch).then((v) => received.push(v));
      }
      assert.deepEqual(received, chosen);
    }
    assert.ok(chosen.length > 0 && chosen.length < 100);
    await channelPut(ch, -1);
    await getter;
  });

  it('take nothing when a get is not chosen', async () => {
    const ch = makeChannel<number>();
    let delivered = 0;
    let taken = 0;
    let putter = channelPut(ch, 0).then(() => delivered++);
    for (let i = 0; i < 100; i++) {
      const result = await sync(ch, alwaysEvt);
      await flush();
      if (result !== alwaysEvt) {
        taken++;
        await putter;
        putter = channelPut(ch, 0).then(() => delivered++);
      }
      assert.equal(delivered, taken);
    }
    assert.ok(taken > 0 && taken < 100);
    await channelGet(ch);
    await putter;
  });

  it('do not rendezvous with a sync that was killed', async () => {
    const ch = makeChannel<string>();
    const t = thread(() => channelPut(ch, 'from the dead'));
    await flush();
    killThread(t);
    assert.ok(isThreadDead(t));
    assert.equal(await syncTimeout(0, ch), false);
  });

  it('hand values between threads', async () => {
    const ch = makeChannel<number>();
    const results = makeChannel<number>();
    const t = thread(async () => {
      let sum = 0;
      for (let i = 0; i < 5; i++) sum += await channelGet(ch);
      await channelPut(results, sum);
    });
    for (let i = 1; i <= 5; i++) await channelPut(ch, i);
    assert.equal(await channelGet(results), 15);
    await threadWait(t);
  });
});

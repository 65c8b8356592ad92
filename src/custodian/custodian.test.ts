import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Custodian,
  ExnFail,
  ExnFailContract,
  currentCustodian,
  custodianManagedList,
  custodianShutdownAll,
  isCustodian,
  isCustodianShutDown,
  isThreadDead,
  makeCustodian,
  makeSemaphore,
  neverEvt,
  parameterize,
  semaphorePost,
  semaphoreWait,
  sync,
  syncTimeout,
  thread,
  threadWait,
} from '../index.js';
import { rootCustodian } from './custodian.js';
import { flush } from '../test-support/async.js';
import {
  assertContractErrors,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

const blockForever = (): Promise<never> => sync(neverEvt);

function threadUnder(custodian: Custodian, thunk: () => unknown = blockForever) {
  return parameterize(currentCustodian, custodian, () => thread(thunk));
}

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [() => makeCustodian(1 as never), contractMessage('make-custodian', 'custodian?', '1')],
  [
    () => custodianShutdownAll(1 as never),
    contractMessage('custodian-shutdown-all', 'custodian?', '1'),
  ],
  [
    () => isCustodianShutDown(1 as never),
    contractMessage('custodian-shut-down?', 'custodian?', '1'),
  ],
  [() => currentCustodian(5 as never), contractMessage('current-custodian', 'custodian?', '5')],
  [
    () => parameterize(currentCustodian, 5 as never, () => 0),
    contractMessage('current-custodian', 'custodian?', '5'),
  ],
  [
    () => custodianManagedList(1 as never, makeCustodian()),
    contractMessage('custodian-managed-list', 'custodian?', '1'),
  ],
  [
    () => custodianManagedList(makeCustodian(), 1 as never),
    contractMessage('custodian-managed-list', 'custodian?', '1'),
  ],
];

/** An object a custodian can manage, which notes its shutdown in `closed`. */
const managed = (name: string, closed: string[]) => ({
  name,
  custodianShutdown: (): void => void closed.push(name),
});

describe('custodians', () => {
  it('makes custodians under the current one by default, or under the one given', () => {
    const c = makeCustodian();
    assert.ok(isCustodian(c));
    assert.ok(!isCustodian({}));
    assert.equal(c.parent, currentCustodian());
    assert.equal(currentCustodian(), rootCustodian);
    const sub = makeCustodian(c);
    assert.equal(sub.parent, c);
    assert.equal(makeCustodian(null).parent, rootCustodian);
    assert.equal(parameterize(currentCustodian, c, () => makeCustodian()).parent, c);
  });

  it('checks its arguments', () => assertContractErrors(CONTRACT_CASES));

  it('shuts down the threads of a custodian and of its descendants, and only those', async () => {
    const c = makeCustodian();
    const sub = makeCustodian(c);
    const subsub = makeCustodian(sub);
    const sibling = makeCustodian();
    const threads = [threadUnder(c), threadUnder(sub), threadUnder(subsub)];
    const outsider = threadUnder(sibling);
    await flush();
    custodianShutdownAll(c);
    for (const t of threads) assert.ok(isThreadDead(t));
    assert.ok(isCustodianShutDown(c) && isCustodianShutDown(sub) && isCustodianShutDown(subsub));
    assert.ok(!isThreadDead(outsider));
    assert.ok(!isCustodianShutDown(sibling));
    custodianShutdownAll(sibling);
    assert.ok(isThreadDead(outsider));
  });

  it('does nothing when shut down a second time', () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    custodianShutdownAll(c);
    assert.ok(isCustodianShutDown(c));
  });

  it('refuses a child of a shut-down custodian', () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    assertThrowsExn(
      () => makeCustodian(c),
      ExnFailContract,
      'make-custodian: the custodian has been shut down\n  custodian: #<custodian>',
    );
  });

  it('refuses a thread under a shut-down custodian', () => {
    const c = makeCustodian();
    custodianShutdownAll(c);
    let ran = false;
    assertThrowsExn(
      () => threadUnder(c, () => (ran = true)),
      ExnFailContract,
      'thread: the custodian has been shut down\n  custodian: #<custodian>',
    );
    assert.equal(ran, false);
  });

  it('lets a thread shut down its own custodian: everything else first, then the thread stops', async () => {
    const c = makeCustodian();
    const sub = makeCustodian(c);
    const others = [threadUnder(c), threadUnder(sub)];
    const closed: string[] = [];
    c.manage('test', managed('object', closed));
    const reached: string[] = [];
    const self = threadUnder(c, async () => {
      await flush();
      reached.push('before');
      custodianShutdownAll(c);
      reached.push('after shutdown');
    });
    await threadWait(self);
    assert.deepEqual(reached, ['before']);
    assert.deepEqual(closed, ['object']);
    for (const t of others) assert.ok(isThreadDead(t));
    assert.ok(isCustodianShutDown(sub));
  });

  describe('custodianManagedList', () => {
    it('lists the threads and child custodians a custodian manages directly', async () => {
      const c = makeCustodian();
      const sub = makeCustodian(c);
      const t1 = threadUnder(c);
      const t2 = threadUnder(sub);
      const list = custodianManagedList(c, currentCustodian());
      assert.equal(list.length, 2);
      assert.ok(list.includes(t1) && list.includes(sub));
      assert.deepEqual(custodianManagedList(sub, currentCustodian()), [t2]);
      assert.deepEqual(custodianManagedList(sub, c), [t2]);
      custodianShutdownAll(c);
    });

    it('drops threads that have ended, and everything once shut down', async () => {
      const c = makeCustodian();
      const done = threadUnder(c, () => {});
      await threadWait(done);
      assert.deepEqual(custodianManagedList(c, rootCustodian), []);
      const sub = makeCustodian(c);
      threadUnder(sub);
      custodianShutdownAll(c);
      assert.deepEqual(custodianManagedList(c, rootCustodian), []);
    });

    it('requires the second custodian to be a proper ancestor of the first', () => {
      const c = makeCustodian();
      const message =
        'custodian-managed-list: the second custodian does not manage the first custodian\n' +
        '  first custodian: #<custodian>\n  second custodian: #<custodian>';
      assertThrowsExn(() => custodianManagedList(c, c), ExnFailContract, message);
      assertThrowsExn(() => custodianManagedList(rootCustodian, c), ExnFailContract, message);
    });
  });

  describe('the management interface', () => {
    it('shuts down every managed object, even after one throws', () => {
      const c = makeCustodian();
      const closed: string[] = [];
      const a = {
        custodianShutdown(): void {
          closed.push('a');
          throw new Error('close failed');
        },
      };
      c.manage('test', a);
      c.manage('test', managed('b', closed));
      assert.ok(custodianManagedList(c, rootCustodian).includes(a));
      custodianShutdownAll(c);
      assert.deepEqual(closed.sort(), ['a', 'b']);
    });

    it('forgets an object it no longer manages', () => {
      const c = makeCustodian();
      const closed: string[] = [];
      const object = managed('object', closed);
      c.manage('test', object);
      c.unmanage(object);
      assert.deepEqual(custodianManagedList(c, rootCustodian), []);
      custodianShutdownAll(c);
      assert.deepEqual(closed, []);
    });

    it('refuses to manage anything once shut down', () => {
      const c = makeCustodian();
      custodianShutdownAll(c);
      assertThrowsExn(
        () => c.manage('tcp-listen', managed('listener', [])),
        ExnFail,
        'tcp-listen: the current custodian has been shut down',
      );
    });
  });

  it('leaves a semaphore wait of another custodian unaffected', async () => {
    const c = makeCustodian();
    const s = makeSemaphore(0);
    const waiter = threadUnder(c, () => semaphoreWait(s));
    await flush();
    custodianShutdownAll(c);
    assert.ok(isThreadDead(waiter));
    semaphorePost(s);
    assert.equal(await syncTimeout(0, s), s, 'the killed waiter did not take the post');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExnFailContract,
  channelGet,
  channelPut,
  makeChannel,
  makeParameter,
  parameterize,
  sleep,
  thread,
  threadWait,
} from '../index.js';
import { isParameter } from './parameter.js';
import {
  assertContractErrors,
  assertThrowsExn,
  type ContractCase,
  contractMessage,
} from '../test-support/exn-assert.js';

/** Each call with a bad argument, and the message Racket raises for it. */
const CONTRACT_CASES: ContractCase[] = [
  [
    () => makeParameter(1, 5 as never),
    contractMessage('make-parameter', '(or/c (procedure-arity-includes/c 1) #f)', '5'),
  ],
  [
    () => parameterize(makeParameter(1), 2, 'not a thunk' as never),
    contractMessage('parameterize', '(-> any)', '"not a thunk"'),
  ],
];

describe('makeParameter', () => {
  it('reads its value with p() and is recognised as a parameter', () => {
    const p = makeParameter(5);
    assert.equal(p(), 5);
    assert.ok(isParameter(p));
    assert.ok(!isParameter(() => 5));
  });

  it('sets the value with p(v), passing it through the guard', () => {
    const p = makeParameter<number>(1, (v) => Number(v) * 10);
    assert.equal(p(), 1, 'the initial value does not go through the guard');
    p(2);
    assert.equal(p(), 20);
  });

  it('lets the guard reject a value, leaving the old one', () => {
    const p = makeParameter<number>(1, (v) => {
      if (typeof v !== 'number') throw new ExnFailContract('p: not a number');
      return v;
    });
    assertThrowsExn(() => p('x' as never), ExnFailContract, 'p: not a number');
    assert.equal(p(), 1);
  });

  it('checks its arguments', () => assertContractErrors(CONTRACT_CASES));

  it('takes #f (false or null) as no guard', () => {
    assert.equal(makeParameter(1, false)(), 1);
    assert.equal(makeParameter(1, null)(), 1);
  });
});

describe('parameterize', () => {
  it('binds a value for the extent of the thunk and returns its result', () => {
    const p = makeParameter('outer');
    const result = parameterize(p, 'inner', () => p());
    assert.equal(result, 'inner');
    assert.equal(p(), 'outer');
  });

  it('binds several parameters with the list form', () => {
    const a = makeParameter(1);
    const b = makeParameter(2);
    const seen = parameterize(
      [
        [a, 10],
        [b, 20],
      ],
      () => [a(), b()],
    );
    assert.deepEqual(seen, [10, 20]);
    assert.deepEqual([a(), b()], [1, 2]);
  });

  it('keeps the binding across await, and not beyond the thunk', async () => {
    const p = makeParameter('outer');
    const seen = await parameterize(p, 'inner', async () => {
      const before = p();
      await sleep(0.001);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [before, p()];
    });
    assert.deepEqual(seen, ['inner', 'inner']);
    assert.equal(p(), 'outer');
  });

  it('keeps concurrent parameterizations apart', async () => {
    const p = makeParameter(0);
    const body = (n: number) =>
      parameterize(p, n, async () => {
        await sleep(0);
        const first = p();
        await sleep(0.002);
        return [first, p()];
      });
    assert.deepEqual(await Promise.all([body(1), body(2), body(3)]), [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('nests, the inner binding shadowing the outer one', () => {
    const p = makeParameter(0);
    const seen = parameterize(p, 1, () => [p(), parameterize(p, 2, () => p()), p()]);
    assert.deepEqual(seen, [1, 2, 1]);
  });

  it('makes p(v) inside affect only the parameterized binding', () => {
    const p = makeParameter(0);
    const inside = parameterize(p, 1, () => {
      p(5);
      return p();
    });
    assert.equal(inside, 5);
    assert.equal(p(), 0);
  });

  it('passes values through the guard', () => {
    const p = makeParameter<string>('', (v) => String(v).toUpperCase());
    assert.equal(
      parameterize(p, 'abc', () => p()),
      'ABC',
    );
  });

  it('checks every binding before binding any, and binds nothing on error', () => {
    const a = makeParameter(1);
    let ran = false;
    assertThrowsExn(
      () =>
        parameterize(
          [
            [a, 2],
            [(() => 1) as never, 3],
          ],
          () => (ran = true),
        ),
      ExnFailContract,
      /^parameterize: contract violation\n {2}expected: parameter\?\n/,
    );
    const strict = makeParameter<number>(0, (v) => {
      if (typeof v !== 'number') throw new ExnFailContract('strict: not a number');
      return v;
    });
    assertThrowsExn(
      () =>
        parameterize(
          [
            [a, 7],
            [strict, 'x' as never],
          ],
          () => (ran = true),
        ),
      ExnFailContract,
      'strict: not a number',
    );
    assert.equal(ran, false);
    assert.equal(a(), 1);
  });
});

describe('parameters and threads', () => {
  it('shows parameterized values inside threads started in the extent', async () => {
    const p = makeParameter('outer');
    const ch = makeChannel<string>();
    parameterize(p, 'inner', () =>
      thread(async () => {
        await sleep(0);
        await channelPut(ch, p());
      }),
    );
    assert.equal(await channelGet(ch), 'inner');
  });

  it('starts a new thread with the values current in its creator', async () => {
    const p = makeParameter('initial');
    const ch = makeChannel<string>();
    const t = thread(async () => {
      p('creator');
      const child = thread(() => channelPut(ch, p()));
      p('changed after the child was created');
      await threadWait(child);
    });
    assert.equal(await channelGet(ch), 'creator');
    await threadWait(t);
  });

  it('makes p(v) in a thread private to that thread', async () => {
    const p = makeParameter('main');
    const ch = makeChannel<string>();
    const t = thread(async () => {
      p('thread');
      await channelPut(ch, p());
      await channelPut(ch, p());
    });
    assert.equal(await channelGet(ch), 'thread');
    assert.equal(p(), 'main');
    p('main changed');
    assert.equal(
      await channelGet(ch),
      'thread',
      'the parent setting does not leak into the thread',
    );
    await threadWait(t);
    p('main');
  });
});

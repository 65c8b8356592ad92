// Racket's pkgs/racket-test-core/tests/racket/param.rktl, translated. Each test names the line
// of the case it translates. Symbols are strings; `(list x)` is `[x]`, `(box x)` is `{ box: x }`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Parameter,
  ExnFail,
  ExnFailContract,
  channelGet,
  channelPut,
  currentCustodian,
  killThread,
  makeChannel,
  makeCustodian,
  makeParameter,
  makeSemaphore,
  parameterize,
  semaphorePost,
  semaphoreWait,
  sleep,
  thread,
  threadWait,
  isParameter,
  makeDerivedParameter,
  closeInputPort,
  closeOutputPort,
  currentInputPort,
  currentOutputPort,
  display,
  getOutputString,
  openInputString,
  openOutputString,
  readChar,
} from '../index.js';
import { inThread } from './support.js';

/** `test-param2` of param.rktl:66: a guard that raises for a non-symbol (here: non-string). */
function makeParam2(): Parameter<string> {
  return makeParameter('two', (x) => {
    if (typeof x === 'string') return x;
    throw new ExnFailContract("add1: contract violation\n  expected: number?\n  given: 'x");
  });
}

describe('param.rktl', () => {
  it('param.rktl:90 initial values; a guard is not applied to the initial value', () => {
    const p1 = makeParameter('one');
    const p2 = makeParam2();
    const p3 = makeParameter<unknown>('three', (x) => [x]);
    assert.equal(p1(), 'one');
    assert.equal(p2(), 'two');
    assert.equal(p3(), 'three');
  });

  it('param.rktl:95 setting and nested parameterize', () => {
    const p2 = makeParam2();
    p2('other-two');
    assert.equal(p2(), 'other-two');
    p2('two');
    assert.equal(p2(), 'two');
    parameterize(p2, 'yet-another-two', () => {
      assert.equal(p2(), 'yet-another-two');
      parameterize(p2, 'yet-another-two!!', () => assert.equal(p2(), 'yet-another-two!!'));
      p2('more-two?');
      assert.equal(p2(), 'more-two?');
      parameterize(p2, 'yet-another-two!!!', () => {
        assert.equal(p2(), 'yet-another-two!!!');
        p2('more-two??');
        assert.equal(p2(), 'more-two??');
      });
      assert.equal(p2(), 'more-two?');
    });
    assert.equal(p2(), 'two');
  });

  it('param.rktl:116 a guard maps set and parameterized values', () => {
    const p3 = makeParameter<unknown>('three', (x) => [x]);
    p3('other-three');
    assert.deepEqual(p3(), ['other-three']);
    p3('three');
    assert.deepEqual(p3(), ['three']);
    parameterize(p3, 'yet-another-three', () => {
      assert.deepEqual(p3(), ['yet-another-three']);
      parameterize(p3, 'yet-another-three!!', () =>
        assert.deepEqual(p3(), ['yet-another-three!!']),
      );
      p3('more-three?');
      assert.deepEqual(p3(), ['more-three?']);
      parameterize(p3, 'yet-another-three!!!', () => {
        assert.deepEqual(p3(), ['yet-another-three!!!']);
        p3('more-three??');
        assert.deepEqual(p3(), ['more-three??']);
      });
      assert.deepEqual(p3(), ['more-three?']);
    });
    assert.deepEqual(p3(), ['three']);
  });

  it('param.rktl:74 make-derived-parameter', () => {
    const p3 = makeParameter<unknown>('three', (x) => [x]);
    const p3a = makeDerivedParameter(
      p3,
      (x: unknown) => x,
      (x: unknown) => x,
    );
    const p4 = makeDerivedParameter(
      p3,
      (x: unknown) => ({ box: x }),
      (x: unknown) => [x],
    );
    assert.equal(p3a(), 'three');
    p3a('x-other-three');
    assert.deepEqual(p3(), ['x-other-three']);
    p3('other-three');
    assert.deepEqual(p3a(), ['other-three']);
    assert.deepEqual(p4(), [['other-three']]);
    p3('three');
    parameterize(p3, 'yet-another-three', () => assert.deepEqual(p4(), [['yet-another-three']]));
    p4('other-three' as any);
    assert.deepEqual(p3(), [{ box: 'other-three' }]);
    assert.deepEqual(p4(), [[{ box: 'other-three' }]]);
    parameterize(p4, 'yet-another-three' as any, () => {
      assert.deepEqual(p3(), [{ box: 'yet-another-three' }]);
      assert.deepEqual(p4(), [[{ box: 'yet-another-three' }]]);
    });
  });

  it('param.rktl:148 a parameter with an identity guard; setting returns void', () => {
    const p5 = makeParameter<unknown>('five', (x) => x);
    assert.equal(p5(), 'five');
    assert.equal(p5(5), undefined);
    assert.equal(p5(), 5);
  });

  it('param.rktl:152 a derived parameter of a guarded one', () => {
    const p5 = makeParameter<unknown>('five', (x) => x);
    p5(5);
    const p6 = makeDerivedParameter(
      p5,
      (x: unknown) => x,
      (x: unknown) => x,
    );
    assert.equal(p6(), 5);
    assert.equal(p6(6), undefined);
    assert.equal(p6(), 6);
  });

  it('param.rktl:212 make-parameter rejects a guard that is not a procedure', () => {
    assert.throws(() => makeParameter(0, 7 as any), ExnFailContract);
  });

  it('param.rktl:455 current-custodian: a kill through a custodian that does not manage the thread', async () => {
    const mainCust = currentCustodian();
    await inThread(async () => {
      const th = parameterize(currentCustodian, mainCust, () => thread(() => sleep(1)));
      try {
        assert.throws(
          () => parameterize(currentCustodian, makeCustodian(), () => killThread(th)),
          (e: unknown) => e instanceof ExnFailContract && /does not solely manage/.test(e.message),
        );
      } finally {
        killThread(th);
      }
    });
  });

  it('param.rktl:455 current-custodian: the custodian that manages a thread may kill it', async () => {
    const mainCust = currentCustodian();
    const th = parameterize(currentCustodian, mainCust, () => thread(() => sleep(1)));
    parameterize(currentCustodian, mainCust, () => killThread(th));
    await threadWait(th);
  });

  it('param.rktl:455 current-custodian rejects a bad setting', () => {
    assert.throws(() => currentCustodian('bad setting' as any), ExnFailContract);
    assert.throws(
      () => parameterize(currentCustodian, 'bad setting' as any, () => undefined),
      ExnFailContract,
    );
  });

  it('param.rktl:469 a parameter without a guard takes any value', () => {
    const p1 = makeParameter('one');
    parameterize(p1, 'one', () => assert.equal(p1(), 'one'));
    assert.throws(
      () =>
        parameterize(p1, 'bad-one', () => {
          if (p1() === 'bad-one') throw new ExnFail('bad-one');
        }),
      ExnFail,
    );
  });

  it('param.rktl:475 a guard that raises rejects the value, in set and in parameterize', () => {
    const p2 = makeParam2();
    assert.throws(() => p2(5 as any), ExnFailContract);
    assert.throws(() => parameterize(p2, 5 as any, () => undefined), ExnFailContract);
    assert.equal(p2(), 'two');
    assert.throws(
      () =>
        parameterize(p2, 'bad-two', () => {
          if (p2() === 'bad-two') throw new ExnFail('bad-two');
        }),
      ExnFail,
    );
  });

  it('param.rktl:495 a new thread sees the creator’s values', async () => {
    const p3 = makeParameter('hi');
    assert.equal(p3(), 'hi');
    let v: unknown = false;
    await threadWait(thread(() => (v = p3())));
    assert.equal(v, 'hi');
  });

  it('param.rktl:503 a thread keeps the values current at its creation', async () => {
    await inThread(async () => {
      const p3 = makeParameter('hi');
      assert.equal(p3('bye'), undefined);
      assert.equal(p3(), 'bye');
      let v: unknown = false;
      const r = makeSemaphore();
      const s = makeSemaphore();
      const t = thread(async () => {
        semaphorePost(r);
        await semaphoreWait(s);
        v = p3();
      });
      await semaphoreWait(r);
      p3('bye-again');
      semaphorePost(s);
      await threadWait(t);
      assert.equal(v, 'bye');
      assert.equal(p3(), 'bye-again');
    });
  });

  it('param.rktl:521 parameter?', () => {
    assert.equal(
      isParameter((x: number) => x + 1),
      false,
    );
    assert.equal(isParameter(makeParameter(1)), true);
    assert.equal(isParameter(currentCustodian), true);
  });

  it('param.rktl:552 a thread created in a parameterize sees the binding', async () => {
    const ch = makeChannel<[number, number]>();
    const p1 = makeParameter(1);
    const p2 = makeParameter(2);
    parameterize(p1, 0, () => {
      thread(() => channelPut(ch, [p1(), p2()]));
    });
    assert.deepEqual(await channelGet(ch), [0, 2]);
  });

  it('param.rktl:575 a parameterize inside a thread, across await', async () => {
    const p1 = makeParameter(1);
    const ch = makeChannel<number>();
    thread(() =>
      parameterize(p1, 3, async () => {
        await sleep(0);
        await channelPut(ch, p1());
      }),
    );
    assert.equal(await channelGet(ch), 3);
    assert.equal(p1(), 1);
  });

  // The ports of param.rktl's table of parameters. Racket's failing ports are custom ports
  // (`make-input-port`, `make-output-port` that raise); closed string ports stand in for them.
  it('param.rktl:308 current-input-port: read-char reads from it; a bad setting', async () => {
    await parameterize(currentInputPort, openInputString('x'), async () => {
      assert.equal(await readChar(currentInputPort()), 'x');
    });
    const failing = openInputString('x');
    closeInputPort(failing);
    await parameterize(currentInputPort, failing, async () => {
      await assert.rejects(readChar(currentInputPort()), ExnFail);
    });
    assert.throws(() => currentInputPort('bad string' as any), ExnFailContract);
  });

  it('param.rktl:314 current-output-port: display writes to it; a bad setting', async () => {
    const out = openOutputString();
    await parameterize(currentOutputPort, out, () => display(5));
    assert.equal(getOutputString(out), '5');
    const failing = openOutputString();
    await closeOutputPort(failing);
    await parameterize(currentOutputPort, failing, async () => {
      await assert.rejects(display(5), ExnFail);
    });
    assert.throws(() => currentOutputPort('bad string' as any), ExnFailContract);
    assert.throws(
      () => parameterize(currentOutputPort, 'bad string' as any, () => undefined),
      ExnFailContract,
    );
  });
});

/** Printing functions and the current ports, beyond what the differential test compares. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  callWithOutputBytes,
  callWithOutputString,
  currentErrorPort,
  currentInputPort,
  currentOutputPort,
  display,
  displayln,
  eprintf,
  format,
  fprintf,
  getOutputString,
  makePipe,
  openOutputString,
  parameterize,
  printf,
  readBytes,
  readLine,
  sleep,
  thread,
  threadWait,
  withInputFromString,
  withOutputToBytes,
  withOutputToString,
  write,
} from '../index.js';
import { assertContractErrors } from '../test-support/exn-assert.js';

describe('printing to the current ports', () => {
  it('withOutputToString binds the current output port across awaits and threads', async () => {
    const text = await withOutputToString(async () => {
      await printf('~a items\n', 3);
      await sleep(0.01);
      await displayln([1, 'a']);
      // A thread made inside starts with the binding.
      await threadWait(thread(() => write('from a thread')));
    });
    assert.equal(text, '3 items\n(1 a)\n"from a thread"');
  });

  it('nested bindings, and the outer one is back after', async () => {
    const outer = openOutputString();
    await parameterize(currentOutputPort, outer, async () => {
      await display('a');
      const inner = await withOutputToString(() => display('b'));
      assert.equal(inner, 'b');
      await display('c');
    });
    assert.equal(getOutputString(outer), 'ac');
    assert.equal(format('~a', currentOutputPort()), '#<output-port:stdout>');
  });

  it('eprintf writes to the current error port', async () => {
    const err = openOutputString();
    await parameterize(currentErrorPort, err, () => eprintf('oops ~s', 'x'));
    assert.equal(getOutputString(err), 'oops "x"');
  });

  it('callWithOutputString and -Bytes, withOutputToBytes, withInputFromString', async () => {
    assert.equal(await callWithOutputString((out) => fprintf(out, '~x', 255)), 'ff');
    assert.deepEqual(
      await callWithOutputBytes((out) => display(new Uint8Array([1, 255]), out)),
      new Uint8Array([1, 255]),
    );
    assert.deepEqual(await withOutputToBytes(() => display('é')), new Uint8Array([0xc3, 0xa9]));
    const lines = await withInputFromString('a\nb\n', async () => [
      await readLine(currentInputPort()),
      await readLine(currentInputPort()),
    ]);
    assert.deepEqual(lines, ['a', 'b']);
    assert.equal(await withInputFromString('x', () => 42), 42);
  });

  it('a print waits like a write, and prints keep their order', async () => {
    const [inp, out] = makePipe(4);
    const done = [display('abcdef', out), display([1, 2], out)];
    assert.deepEqual(await readBytes(11, inp), new TextEncoder().encode('abcdef(1 2)'));
    await Promise.all(done);
  });

  it('the current ports accept only ports', async () => {
    await assertContractErrors([
      [
        () => currentOutputPort(5 as never),
        /current-output-port: contract violation\n {2}expected: output-port\?\n {2}given: 5/,
      ],
      [
        () => currentErrorPort(currentInputPort() as never),
        /current-error-port: contract violation/,
      ],
      [
        () => currentInputPort(openOutputString() as never),
        /current-input-port: contract violation\n {2}expected: input-port\?/,
      ],
      [
        () => parameterize(currentOutputPort, 'x' as never, () => 0),
        /current-output-port: contract violation/,
      ],
      [
        () => withOutputToString(5 as never),
        /with-output-to-string: contract violation\n {2}expected: \(-> any\)/,
        'rejects',
      ],
      [
        () => callWithOutputString(5 as never),
        /expected: \(output-port\? \. -> \. any\)/,
        'rejects',
      ],
      [
        () => withInputFromString(5 as never, () => 0),
        /expected: string\?\n {2}given: 5\n {2}argument position: 1st/,
        'rejects',
      ],
      [() => printf(5 as never), /printf: contract violation\n {2}expected: string\?/, 'rejects'],
      [
        () => display(1, {} as never),
        /display: contract violation\n {2}expected: output-port\?/,
        'rejects',
      ],
      [() => format('~a'), /format: format string requires 1 arguments, given 0/],
    ]);
  });
});

describe('printed forms where JavaScript and Racket differ', () => {
  it('integers print exact, -0 as 0, big ones in full', () => {
    assert.equal(
      format('~a ~a ~a ~a', -0, 1e21, 2 ** 64, 1.5e-7),
      '0 1000000000000000000000 18446744073709551616 1.5e-7',
    );
  });

  it('~c takes a one-character string, and rejects others (Racket prints garbage)', () => {
    assert.equal(format('~c~c', 'a', '😀'), 'a😀');
    assert.throws(() => format('~c ~c', 'xy', 'a'), /format string requires a character/);
  });

  it('a lone surrogate: write escapes it, display keeps it in the string', () => {
    assert.equal(format('~s', 'a\uD800'), '"a\\uD800"');
    assert.equal(format('~a', 'a\uD800'), 'a\uD800');
  });

  it('other JavaScript values', () => {
    const f = function named(): void {};
    assert.equal(
      format('~a ~a ~a ~a', null, {}, new Map(), f),
      'null #<object> #<Map> #<procedure:named>',
    );
    assert.equal(format('~a', Symbol('sym')), 'sym');
  });
});

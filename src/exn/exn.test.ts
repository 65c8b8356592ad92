import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Exn,
  ExnBreak,
  ExnBreakHangUp,
  ExnBreakTerminate,
  ExnFail,
  ExnFailContract,
  ExnFailNetwork,
  ExnFailNetworkErrno,
  formatValue,
  isExn,
  isExnBreak,
  isExnFail,
  isExnFailContract,
  isExnFailNetwork,
  isExnFailNetworkErrno,
  makeBreakExn,
  racketPrint,
} from './index.js';
import {
  argumentsError,
  check,
  checkNonnegativeInteger,
  checkRange,
  contractError,
  failError,
  isExactNonnegativeInteger,
  makeMessage,
  networkErrnoError,
  networkError,
  orFalse,
} from './raise.js';
import { assertThrowsExn, contractMessage } from '../test-support/exn-assert.js';

describe('exception hierarchy', () => {
  const parentOf = (cls: { prototype: object }): unknown =>
    Object.getPrototypeOf(cls.prototype).constructor;

  it('nests the classes as Racket nests its structs', () => {
    assert.equal(parentOf(Exn), Error);
    assert.equal(parentOf(ExnFail), Exn);
    assert.equal(parentOf(ExnFailContract), ExnFail);
    assert.equal(parentOf(ExnFailNetwork), ExnFail);
    assert.equal(parentOf(ExnFailNetworkErrno), ExnFailNetwork);
    assert.equal(parentOf(ExnBreak), Exn);
    assert.equal(parentOf(ExnBreakHangUp), ExnBreak);
    assert.equal(parentOf(ExnBreakTerminate), ExnBreak);
  });

  it('names each instance after its class and keeps the message', () => {
    const e = new ExnFailContract('f: oops');
    assert.equal(e.name, 'ExnFailContract');
    assert.equal(e.message, 'f: oops');
    assert.ok(e.stack?.includes('f: oops'));
    assert.equal(new ExnBreakHangUp('user break').name, 'ExnBreakHangUp');
  });

  it('answers each predicate for exactly its class and the classes below it', () => {
    const predicates = {
      isExn,
      isExnFail,
      isExnFailContract,
      isExnFailNetwork,
      isExnFailNetworkErrno,
      isExnBreak,
    };
    const expected: [Error | unknown, string[]][] = [
      [new Exn('x'), ['isExn']],
      [new ExnFail('x'), ['isExn', 'isExnFail']],
      [new ExnFailContract('x'), ['isExn', 'isExnFail', 'isExnFailContract']],
      [new ExnFailNetwork('x'), ['isExn', 'isExnFail', 'isExnFailNetwork']],
      [
        new ExnFailNetworkErrno('x', [111, 'posix']),
        ['isExn', 'isExnFail', 'isExnFailNetwork', 'isExnFailNetworkErrno'],
      ],
      [new ExnBreak('x'), ['isExn', 'isExnBreak']],
      [new ExnBreakHangUp('x'), ['isExn', 'isExnBreak']],
      [new ExnBreakTerminate('x'), ['isExn', 'isExnBreak']],
      [new Error('x'), []],
      [new TypeError('x'), []],
      ['user break', []],
      [null, []],
      [undefined, []],
    ];
    for (const [value, trueFor] of expected) {
      for (const [name, predicate] of Object.entries(predicates)) {
        assert.equal(predicate(value), trueFor.includes(name), `${name}(${String(value)})`);
      }
    }
  });

  it('gives ExnFailNetworkErrno an errno field [code, kind]', () => {
    const posix = new ExnFailNetworkErrno('tcp-connect: connection failed', [111, 'posix']);
    assert.deepEqual(posix.errno, [111, 'posix']);
    const gai = new ExnFailNetworkErrno('tcp-connect: host not found', [-2, 'gai']);
    assert.deepEqual(gai.errno, [-2, 'gai']);
  });

  it('makes the break exception of each kind, all saying "user break"', () => {
    const plain = makeBreakExn(false);
    assert.ok(plain instanceof ExnBreak);
    assert.ok(!(plain instanceof ExnBreakHangUp) && !(plain instanceof ExnBreakTerminate));
    assert.ok(makeBreakExn('hang-up') instanceof ExnBreakHangUp);
    assert.ok(makeBreakExn('terminate') instanceof ExnBreakTerminate);
    for (const kind of [false, 'hang-up', 'terminate'] as const) {
      assert.equal(makeBreakExn(kind).message, 'user break');
    }
  });
});

describe('message helpers', () => {
  it('builds "who: what" with indented fields', () => {
    assert.equal(makeMessage('tcp-listen', 'listen failed'), 'tcp-listen: listen failed');
    assert.equal(
      makeMessage('tcp-connect', 'connection failed', [
        ['hostname', 'localhost'],
        ['port number', '1'],
      ]),
      'tcp-connect: connection failed\n  hostname: localhost\n  port number: 1',
    );
    assert.equal(makeMessage(false, 'no who here'), 'no who here');
  });

  it('shapes a contract violation as raise-argument-error does', () => {
    const e = contractError('tcp-listen', '(integer-in 0 65535)', 70000);
    assert.ok(e instanceof ExnFailContract);
    assert.equal(
      e.message,
      'tcp-listen: contract violation\n  expected: (integer-in 0 65535)\n  given: 70000',
    );
    assert.equal(
      contractError('f', 'string?', 'x\ny').message,
      contractMessage('f', 'string?', '"x\\ny"'),
    );
  });

  it('gives each error helper its class', () => {
    assert.ok(argumentsError('f', 'bad').constructor === ExnFailContract);
    assert.ok(failError('f', 'bad').constructor === ExnFail);
    assert.ok(networkError('f', 'bad').constructor === ExnFailNetwork);
    assert.equal(
      argumentsError('f', 'bad thing', [['value', '1']]).message,
      'f: bad thing\n  value: 1',
    );
  });

  it('adds the system error line and the errno field for a failed system call', () => {
    const e = networkErrnoError(
      'tcp-connect',
      'connection failed',
      [
        ['hostname', 'localhost'],
        ['port number', '1'],
      ],
      { text: 'Connection refused', code: 111, kind: 'posix' },
    );
    assert.ok(e instanceof ExnFailNetworkErrno);
    assert.deepEqual(e.errno, [111, 'posix']);
    assert.equal(
      e.message,
      'tcp-connect: connection failed\n  hostname: localhost\n  port number: 1\n' +
        '  system error: Connection refused; errno=111',
    );
    const gai = networkErrnoError('tcp-connect', 'host not found', [], {
      text: 'Name or service not known',
      code: -2,
      kind: 'gai',
    });
    assert.deepEqual(gai.errno, [-2, 'gai']);
    assert.match(gai.message, /system error: Name or service not known; gai_err=-2$/);
  });
});

describe('contract checks', () => {
  it('returns the value when it passes and throws a contract violation when not', () => {
    assert.equal(check('f', isExactNonnegativeInteger, 'exact-nonnegative-integer?', 3), 3);
    assertThrowsExn(
      () => checkNonnegativeInteger('make-semaphore', -1),
      ExnFailContract,
      contractMessage('make-semaphore', 'exact-nonnegative-integer?', '-1'),
    );
    for (const bad of [1.5, -1, NaN, Infinity, '1', 2 ** 53]) {
      assertThrowsExn(() => checkNonnegativeInteger('f', bad), ExnFailContract);
    }
  });

  it('treats null and undefined as #f for optional arguments', () => {
    assert.equal(orFalse(null), false);
    assert.equal(orFalse(undefined), false);
    assert.equal(orFalse(false), false);
    assert.equal(orFalse('host'), 'host');
    assert.equal(orFalse(0), 0);
  });

  describe('checkRange', () => {
    const five = new Uint8Array(5);
    const zeros = '#"\\0\\0\\0\\0\\0"';

    it('accepts start and end within the sequence', () => {
      assert.deepEqual(checkRange('read-bytes!', five, 0, 5), [0, 5]);
      assert.deepEqual(checkRange('read-bytes!', five, 2, 2), [2, 2]);
      assert.deepEqual(checkRange('read-bytes!', five, 5, 5), [5, 5]);
    });

    it('reports a starting index out of range', () => {
      assertThrowsExn(
        () => checkRange('read-bytes!', five, 6, 7),
        ExnFailContract,
        'read-bytes!: starting index is out of range\n  starting index: 6\n' +
          `  valid range: [0, 5]\n  byte string: ${zeros}`,
      );
    });

    it('reports an ending index out of range', () => {
      assertThrowsExn(
        () => checkRange('read-bytes!', five, 0, 7),
        ExnFailContract,
        'read-bytes!: ending index is out of range\n  ending index: 7\n' +
          `  valid range: [0, 5]\n  byte string: ${zeros}`,
      );
    });

    it('reports an ending index smaller than the starting index', () => {
      assertThrowsExn(
        () => checkRange('read-bytes!', Uint8Array.of(0, 1, 2, 10, 200), 3, 2),
        ExnFailContract,
        'read-bytes!: ending index is smaller than starting index\n  ending index: 2\n' +
          '  starting index: 3\n  valid range: [0, 5]\n  byte string: #"\\0\\1\\2\\n\\310"',
      );
    });

    it('starts the valid range of the end at start in the UDP wording', () => {
      const abc = new TextEncoder().encode('abc');
      assertThrowsExn(
        () => checkRange('udp-send-to', abc, 2, 1, true),
        ExnFailContract,
        'udp-send-to: ending index is out of range\n  ending index: 1\n' +
          '  valid range: [2, 3]\n  byte string: #"abc"',
      );
      assertThrowsExn(
        () => checkRange('udp-send-to', abc, 1, 5, true),
        ExnFailContract,
        'udp-send-to: ending index is out of range\n  ending index: 5\n' +
          '  valid range: [1, 3]\n  byte string: #"abc"',
      );
    });

    it('checks that the indexes are exact nonnegative integers first', () => {
      assertThrowsExn(
        () => checkRange('read-bytes!', five, -1, 2),
        ExnFailContract,
        contractMessage('read-bytes!', 'exact-nonnegative-integer?', '-1'),
      );
      assertThrowsExn(
        () => checkRange('read-bytes!', five, 0, 'x'),
        ExnFailContract,
        contractMessage('read-bytes!', 'exact-nonnegative-integer?', '"x"'),
      );
    });
  });
});

describe('formatValue (Racket ~e printing)', () => {
  it('prints atoms as Racket does', () => {
    assert.equal(formatValue(42), '42');
    assert.equal(formatValue(1.5), '1.5');
    assert.equal(formatValue(Infinity), '+inf.0');
    assert.equal(formatValue(-Infinity), '-inf.0');
    assert.equal(formatValue(NaN), '+nan.0');
    assert.equal(formatValue(true), '#t');
    assert.equal(formatValue(false), '#f');
    assert.equal(formatValue(undefined), '#<void>');
    assert.equal(formatValue(10n), '10');
  });

  it('prints strings quoted, with Racket escapes', () => {
    assert.equal(formatValue('abc'), '"abc"');
    assert.equal(formatValue('a\nb\t"q\\'), '"a\\nb\\t\\"q\\\\"');
    assert.equal(
      formatValue('\x07\b\t\n\v\f\r\x1b\0\u00ad\u200b\u{1F600} \u0085'),
      '"\\a\\b\\t\\n\\v\\f\\r\\e\\u0000\\u00AD\\u200B\u{1F600} \\u0085"',
    );
    assert.equal(formatValue('\u0001\u007f é ☃'), '"\\u0001\\u007F é ☃"');
    assert.equal(
      formatValue(String.fromCodePoint(0x10ffff, 0xe000, 0x2028, 0xe0001, 0x3000, 0xa0)),
      '"\\U0010FFFF\\uE000\\u2028\\U000E0001\u3000\u00a0"',
    );
  });

  it('prints byte strings as #"…" with octal escapes', () => {
    assert.equal(formatValue(new TextEncoder().encode('abc')), '#"abc"');
    assert.equal(
      formatValue(Uint8Array.of(1, 48, 2, 10, 127, 128, 255)),
      '#"\\0010\\2\\n\\177\\200\\377"',
    );
    assert.equal(
      formatValue(Uint8Array.of(7, 8, 9, 11, 12, 13, 27, 0, 34, 92)),
      '#"\\a\\b\\t\\v\\f\\r\\e\\0\\"\\\\"',
    );
    assert.equal(formatValue(Buffer.from('hi')), '#"hi"');
  });

  it('prints lists as quoted lists, nested lists without a quote', () => {
    assert.equal(formatValue([]), "'()");
    assert.equal(
      formatValue([1, 'a\nb', Uint8Array.of(98, 0, 1, 255, 55), [2, 3], []]),
      `'(1 "a\\nb" #"b\\0\\1\\3777" (2 3) ())`,
    );
  });

  it('prints procedures and objects by kind, and racketPrint objects their own way', () => {
    function named(): void {}
    assert.equal(formatValue(named), '#<procedure:named>');
    const anonymous = [(): void => {}][0];
    assert.equal(formatValue(anonymous), '#<procedure>');
    class Widget {}
    assert.equal(formatValue(new Widget()), '#<Widget>');
    assert.equal(formatValue({}), '#<object>');
    assert.equal(formatValue({ [racketPrint]: () => '#<udp>' }), '#<udp>');
  });

  it("cuts values longer than error-print-width (256) to 256 characters ending in '...'", () => {
    const long = formatValue('a'.repeat(300));
    assert.equal(long.length, 256);
    assert.equal(long, '"' + 'a'.repeat(252) + '...');
    const bytes = formatValue(new Uint8Array(300).fill(65));
    assert.equal(bytes, '#"' + 'A'.repeat(251) + '...');
    const list = formatValue(Array.from({ length: 100 }, (_, i) => i));
    assert.equal(list.length, 256);
    assert.ok(list.startsWith("'(0 1 2 3 "));
    assert.ok(list.endsWith(' 85 86 ...'));
    const exactlyWide = 'b'.repeat(254);
    assert.equal(formatValue(exactlyWide), `"${exactlyWide}"`);
  });
});

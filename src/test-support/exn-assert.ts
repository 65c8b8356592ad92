/** Assertions about the Racket exceptions racket-net raises: their class and exact message. */
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
  ExnFailUnsupported,
} from '../exn/exn.js';

type ErrorClass = abstract new (...args: never[]) => Error;

function matcher(cls: ErrorClass, message: string | RegExp | undefined) {
  return (error: unknown): true => {
    assert.ok(error instanceof cls, `expected ${cls.name}, got ${String(error)}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  };
}

export function assertThrowsExn(
  fn: () => unknown,
  cls: ErrorClass,
  message?: string | RegExp,
): void {
  assert.throws(fn, matcher(cls, message));
}

export async function assertRejectsExn(
  promise: Promise<unknown> | (() => Promise<unknown>),
  cls: ErrorClass,
  message?: string | RegExp,
): Promise<void> {
  await assert.rejects(promise, matcher(cls, message));
}

/** `who: contract violation\n  expected: …\n  given: …`, as `raise-argument-error` prints it. */
export function contractMessage(who: string, expected: string, given: string): string {
  return `${who}: contract violation\n  expected: ${expected}\n  given: ${given}`;
}

const RACKET_EXN_NAMES: readonly [ErrorClass, string][] = [
  [ExnFailNetworkErrno, 'exn:fail:network:errno'],
  [ExnFailNetwork, 'exn:fail:network'],
  [ExnFailContract, 'exn:fail:contract'],
  [ExnFailUnsupported, 'exn:fail:unsupported'],
  [ExnFail, 'exn:fail'],
  [ExnBreakHangUp, 'exn:break:hang-up'],
  [ExnBreakTerminate, 'exn:break:terminate'],
  [ExnBreak, 'exn:break'],
  [Exn, 'exn'],
];

/** The Racket struct name of an exception (`exn:fail:contract`, …), as `object-name` gives it. */
export function racketExnName(error: unknown): string {
  for (const [cls, name] of RACKET_EXN_NAMES) if (error instanceof cls) return name;
  return `not an exn: ${String(error)}`;
}

/**
 * One contract-error case: a call with a bad argument and the message Racket raises for it
 * (`exn:fail:contract`); `'rejects'` where the function returns a promise, which must then
 * reject rather than throw.
 */
export type ContractCase = readonly [
  call: () => unknown,
  message: string | RegExp,
  how?: 'rejects',
];

/** Checks every case of a module's table of contract errors, naming the call that fails. */
export async function assertContractErrors(cases: readonly ContractCase[]): Promise<void> {
  for (const [call, message, how] of cases) {
    try {
      if (how === 'rejects') {
        let promise: unknown;
        assert.doesNotThrow(() => (promise = call()), 'throws instead of rejecting');
        await assert.rejects(promise as Promise<unknown>, matcher(ExnFailContract, message));
      } else {
        assert.throws(call, matcher(ExnFailContract, message));
      }
    } catch (error) {
      if (error instanceof Error) error.message = `${String(call)}\n${error.message}`;
      throw error;
    }
  }
}

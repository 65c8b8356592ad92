/**
 * `withOutputToString` and its kin (`racket/port`): run a function with
 * {@link currentOutputPort} (or {@link currentInputPort}) bound to a string port, for its whole
 * extent, `await`s included.
 */
import { check, isProcedure } from '../exn/raise.js';
import { type OutputPort } from '../port/output-port.js';
import {
  getOutputBytes,
  getOutputString,
  openInputString,
  openOutputBytes,
} from '../port/string-port.js';
import { parameterize } from '../parameter/parameter.js';
import { currentInputPort, currentOutputPort } from './current-ports.js';
import { positionError } from './errors.js';

/** Runs `thunk` with the current output port bound to `out`; waits for it if it is async. */
async function withOutputTo(out: OutputPort, thunk: () => unknown): Promise<void> {
  await parameterize(currentOutputPort, out, thunk);
}

function checkThunk(who: string, thunk: unknown): void {
  check(who, isProcedure, '(-> any)', thunk);
}

/**
 * Runs `thunk` (which may be async) with {@link currentOutputPort} bound to a fresh output
 * string port, and resolves to what it wrote (Racket: `with-output-to-string`). The binding
 * holds across the thunk's `await`s.
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function (as a rejection); the
 *   thunk's own error rejects the promise.
 * @example
 * ```ts
 * const text = await withOutputToString(async () => {
 *   await printf('~a items\n', 3);
 *   await displayln([1, 2]);
 * }); // '3 items\n(1 2)\n'
 * ```
 */
export async function withOutputToString(thunk: () => unknown): Promise<string> {
  checkThunk('with-output-to-string', thunk);
  const out = openOutputBytes();
  await withOutputTo(out, thunk);
  return getOutputString(out);
}

/**
 * As {@link withOutputToString}, resolving to the bytes written (Racket:
 * `with-output-to-bytes`).
 *
 * @throws {@link ExnFailContract} if `thunk` is not a function.
 */
export async function withOutputToBytes(thunk: () => unknown): Promise<Uint8Array> {
  checkThunk('with-output-to-bytes', thunk);
  const out = openOutputBytes();
  await withOutputTo(out, thunk);
  return getOutputBytes(out);
}

/**
 * Calls `proc` (which may be async) with a fresh output string port and resolves to what it
 * wrote there (Racket: `call-with-output-string`).
 *
 * @throws {@link ExnFailContract} if `proc` is not a function.
 * @example
 * ```ts
 * await callWithOutputString((out) => write('hi', out)); // '"hi"'
 * ```
 */
export async function callWithOutputString(proc: (out: OutputPort) => unknown): Promise<string> {
  check('call-with-output-string', isProcedure, '(output-port? . -> . any)', proc);
  const out = openOutputBytes();
  await proc(out);
  return getOutputString(out);
}

/**
 * As {@link callWithOutputString}, resolving to the bytes written (Racket:
 * `call-with-output-bytes`).
 *
 * @throws {@link ExnFailContract} if `proc` is not a function.
 */
export async function callWithOutputBytes(proc: (out: OutputPort) => unknown): Promise<Uint8Array> {
  check('call-with-output-bytes', isProcedure, '(output-port? . -> . any)', proc);
  const out = openOutputBytes();
  await proc(out);
  return getOutputBytes(out);
}

/**
 * Runs `thunk` (which may be async) with {@link currentInputPort} bound to an input string
 * port over `str`, and resolves to its result (Racket: `with-input-from-string`).
 *
 * @throws {@link ExnFailContract} if `str` is not a string or `thunk` not a function.
 * @example
 * ```ts
 * await withInputFromString('a\nb\n', () => readLine(currentInputPort())); // 'a'
 * ```
 */
export async function withInputFromString<T>(str: string, thunk: () => T): Promise<Awaited<T>> {
  const who = 'with-input-from-string';
  if (typeof str !== 'string') throw positionError(who, 'string?', [str, thunk], 0);
  if (!isProcedure(thunk)) throw positionError(who, '(-> any)', [str, thunk], 1);
  return await parameterize(currentInputPort, openInputString(str), thunk);
}

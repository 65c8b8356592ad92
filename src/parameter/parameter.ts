/**
 * Racket parameters: `makeParameter`, `parameterize`.
 *
 * A parameter maps, through the current parameterization, to a thread cell. `parameterize`
 * installs fresh cells for the dynamic extent of a thunk (across `await`); `p(v)` changes the
 * value for the current thread only; new threads start with their creator's current values.
 */
import { Cell, currentFrame, runInFrame } from '../context/context.js';
import { check, contractError, isProcedure } from '../exn/raise.js';

/**
 * A Racket parameter, made by {@link makeParameter}: `p()` reads its value in the current
 * thread and parameterization, `p(v)` sets it for the current thread only (through the
 * parameter's guard, if any). {@link parameterize} binds it for the extent of a function.
 */
export interface Parameter<T> {
  /** The parameter's value for the current thread and parameterization. */
  (): T;
  /** Sets the value for the current thread only; the guard's errors propagate. */
  (value: T): void;
}

interface ParameterInfo {
  readonly root: Cell;
  readonly guard: ((v: unknown) => unknown) | undefined;
}

const parameters = new WeakMap<object, ParameterInfo>();

/**
 * Makes a parameter whose initial value is `value` (Racket: `make-parameter`). A `guard`, if
 * given, maps every value later set with `p(v)` or {@link parameterize} (not `value` itself);
 * it may raise to reject one. A new thread starts with its creator's current values.
 *
 * @throws {@link ExnFailContract} if `guard` is neither a function nor `false`/`null`.
 * @example
 * ```ts
 * const verbose = makeParameter(false);
 * verbose(); // false
 * await parameterize(verbose, true, async () => {
 *   await sleep(0.1);
 *   verbose(); // true: the binding follows `await`
 * });
 * ```
 */
export function makeParameter<T>(
  value: T,
  guard?: ((v: unknown) => T) | false | null,
): Parameter<T> {
  check(
    'make-parameter',
    (g) => g == null || g === false || isProcedure(g),
    '(or/c (procedure-arity-includes/c 1) #f)',
    guard,
  );
  const info: ParameterInfo = { root: new Cell(value), guard: guard || undefined };
  const p = function parameterProcedure(...args: [] | [T]): T | void {
    const frame = currentFrame();
    const cell = frame.paramz.get(p) ?? info.root;
    if (args.length === 0) return frame.thread.getCell(cell) as T;
    frame.thread.setCell(cell, info.guard ? info.guard(args[0]) : args[0]);
  } as Parameter<T>;
  parameters.set(p, info);
  return p;
}

export function isParameter(v: unknown): v is Parameter<unknown> {
  return typeof v === 'function' && parameters.has(v);
}

/** `[p, v]` pairs, each value typed by its parameter. */
type Bindings<Ts extends readonly unknown[]> = {
  readonly [K in keyof Ts]: readonly [Parameter<Ts[K]>, Ts[K]];
};
type Binding = readonly [Parameter<unknown>, unknown];

/**
 * `parameterize(p, v, thunk)` or `parameterize([[p1, v1], [p2, v2]], thunk)`: runs `thunk` with
 * the parameters bound to fresh cells, for its whole dynamic extent (including after `await`),
 * and returns its result (a promise, if `thunk` is async). Racket: `parameterize`. Threads made
 * inside start with the bound values; setting `p(v)` inside changes the fresh cell only.
 *
 * @throws {@link ExnFailContract} if a binding is not a `[parameter, value]` pair or `thunk` is
 *   not a function, before anything is bound; a guard's error propagates.
 */
export function parameterize<T, R>(p: Parameter<T>, value: T, thunk: () => R): R;
export function parameterize<Ts extends readonly unknown[], R>(
  bindings: Bindings<Ts>,
  thunk: () => R,
): R;
export function parameterize<R>(a: unknown, b: unknown, c?: unknown): R {
  const bindings: readonly Binding[] = Array.isArray(a)
    ? (a as Binding[])
    : [[a as Parameter<unknown>, b]];
  const thunk = (Array.isArray(a) ? b : c) as () => R;
  // Check everything before binding anything.
  for (const binding of bindings) {
    if (!Array.isArray(binding) || binding.length !== 2) {
      throw contractError('parameterize', '(list/c parameter? any/c)', binding);
    }
    check('parameterize', isParameter, 'parameter?', binding[0]);
  }
  check('parameterize', isProcedure, '(-> any)', thunk);
  const frame = currentFrame();
  const paramz = new Map(frame.paramz);
  for (const [p, v] of bindings) {
    const info = parameters.get(p)!;
    paramz.set(p, new Cell(info.guard ? info.guard(v) : v));
  }
  return runInFrame({ ...frame, paramz }, thunk);
}

/**
 * Racket parameters: `makeParameter`, `parameterize`.
 *
 * A parameter maps, through the current parameterization, to a thread cell. `parameterize`
 * installs fresh cells for the dynamic extent of a thunk (across `await`); `p(v)` changes the
 * value for the current thread only; new threads start with their creator's current values.
 */
import { Cell, currentFrame, runInFrame } from '../context/context.js';
import { check, contractError, isProcedure } from '../exn/raise.js';

export interface Parameter<T> {
  (): T;
  (value: T): void;
}

interface ParameterInfo {
  readonly root: Cell;
  readonly guard: ((v: unknown) => unknown) | undefined;
}

const parameters = new WeakMap<object, ParameterInfo>();

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
 * the parameters bound to fresh cells, for its whole dynamic extent (including after `await`).
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

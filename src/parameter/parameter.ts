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
  /** What `parameterize` binds: the parameter itself, or the one a derived parameter is of. */
  key: object;
  readonly root: Cell;
  /** Maps each value set or bound (for a derived parameter: its guard, then its base's). */
  readonly guard: ((v: unknown) => unknown) | undefined;
  /** A derived parameter's wrap (after its base's), applied to each value read. */
  readonly wrap?: ((v: unknown) => unknown) | undefined;
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
  const info: ParameterInfo = { key: parameters, root: new Cell(value), guard: guard || undefined };
  const p = parameterProcedure<T>(info);
  info.key = p;
  parameters.set(p, info);
  return p;
}

/** The procedure of the parameter `info` describes. */
function parameterProcedure<T>(info: ParameterInfo): Parameter<T> {
  return function parameterProcedure(...args: [] | [T]): T | void {
    const { key, root, guard, wrap } = info;
    const frame = currentFrame();
    const cell = frame.paramz.get(key) ?? root;
    if (args.length === 0) {
      const v = frame.thread.getCell(cell);
      return (wrap ? wrap(v) : v) as T;
    }
    frame.thread.setCell(cell, guard ? guard(args[0]) : args[0]);
  } as Parameter<T>;
}

/** Whether `v` is a parameter (Racket: `parameter?`). Never raises. */
export function isParameter(v: unknown): v is Parameter<unknown> {
  return typeof v === 'function' && parameters.has(v);
}

/**
 * A parameter that reads and sets `p`'s value, through `guard` and `wrap` (Racket:
 * `make-derived-parameter`). Setting it (`d(v)`, or {@link parameterize}, which binds `p`)
 * gives `p` the value `guard(v)`, passed through `p`'s own guard too; reading it gives
 * `wrap(p())`. Parameterizing `p` changes what `d()` reads, and the other way round.
 *
 * @throws {@link ExnFailContract} if `p` is not a parameter, or `guard` or `wrap` is not a
 *   function.
 * @example
 * ```ts
 * const port = makeParameter(80);
 * const portText = makeDerivedParameter(port, (s) => Number(s), (n) => String(n));
 * portText('8080');
 * port(); // 8080
 * ```
 */
export function makeDerivedParameter<T, U>(
  p: Parameter<T>,
  guard: (v: U) => T,
  wrap: (v: T) => U,
): Parameter<U> {
  const who = 'make-derived-parameter';
  check(who, isParameter, '(and/c parameter? (not/c impersonator?))', p);
  check(who, isProcedure, '(procedure-arity-includes/c 1)', guard);
  check(who, isProcedure, '(procedure-arity-includes/c 1)', wrap);
  const base = parameters.get(p)!;
  const baseGuard = base.guard;
  const baseWrap = base.wrap;
  const info: ParameterInfo = {
    key: base.key,
    root: base.root,
    guard: (v) => {
      const g = (guard as (v: unknown) => unknown)(v);
      return baseGuard ? baseGuard(g) : g;
    },
    wrap: (v) => (wrap as (v: unknown) => unknown)(baseWrap ? baseWrap(v) : v),
  };
  const d = parameterProcedure<U>(info);
  parameters.set(d, info);
  return d;
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
    paramz.set(info.key, new Cell(info.guard ? info.guard(v) : v));
  }
  return runInFrame({ ...frame, paramz }, thunk);
}

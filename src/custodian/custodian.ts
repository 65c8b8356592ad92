/**
 * Custodians: Racket's hierarchical resource managers.
 *
 * Every listener, port, socket and thread registers with the custodian current when it is
 * created. `custodianShutdownAll` closes everything a custodian manages, and everything its
 * descendant custodians manage, without flushing (unflushed output is discarded, as in Racket).
 */
import './dispose-symbols.js';
import { exitIfKilled } from '../context/context.js';
import { type ExnFail } from '../exn/exn.js';
import { argumentsError, check, failError } from '../exn/raise.js';
import { formatValue, racketPrint } from '../exn/print.js';
import { makeParameter } from '../parameter/parameter.js';

/**
 * What a custodian manages (threads, ports, listeners, UDP sockets): an object that shuts
 * itself down, and that leaves its custodian (`unmanage`) when it closes or dies by itself.
 * Each of the thousands a server may hold costs the custodian one set entry, no closures.
 */
export interface Managed {
  /** Closes the object for a shutdown; must not throw. */
  custodianShutdown(): void;
  /** Left out of `custodianManagedList`, as Racket leaves out custodian boxes. */
  readonly unlisted?: boolean;
}

/**
 * A Racket custodian: it manages threads, ports, listeners, UDP sockets and child custodians,
 * and {@link custodianShutdownAll} closes or kills all of them at once. Make one with
 * {@link makeCustodian}; make it current with `parameterize(currentCustodian, c, thunk)`.
 *
 * @opaque
 */
export class Custodian {
  #shutDown = false;
  readonly #children = new Set<Custodian>();
  readonly #managed = new Set<Managed>();

  constructor(readonly parent: Custodian | null) {
    if (parent) parent.#children.add(this);
  }

  get isShutDown(): boolean {
    return this.#shutDown;
  }

  /**
   * Puts `object` under this custodian, until `unmanage(object)`; raises (as `who`) if the
   * custodian has been shut down.
   */
  manage(who: string, object: Managed): void {
    if (this.#shutDown) throw custodianShutDownError(who);
    this.#managed.add(object);
  }

  unmanage(object: Managed): void {
    this.#managed.delete(object);
  }

  /** `using` / `await using`: shuts the custodian down (as {@link custodianShutdownAll}). */
  [Symbol.dispose](): void {
    this.shutdownAll();
  }

  /** `await using`: shuts the custodian down; nothing to wait for (a shutdown never waits). */
  [Symbol.asyncDispose](): Promise<void> {
    this.shutdownAll();
    return Promise.resolve();
  }

  shutdownAll(): void {
    if (this.#shutDown) return;
    this.#shutDown = true;
    if (this.parent) this.parent.#children.delete(this);
    // Children first, depth first, then what this custodian holds directly.
    for (const child of [...this.#children]) child.shutdownAll();
    const managed = [...this.#managed];
    this.#managed.clear();
    for (const managedObject of managed) {
      try {
        managedObject.custodianShutdown();
      } catch {
        // A shutdown must close everything; one object's failure must not keep others open.
      }
    }
  }

  managedObjects(): object[] {
    const listed: object[] = [];
    for (const m of this.#managed) if (m.unlisted !== true) listed.push(m);
    return [...listed, ...this.#children];
  }

  isSubordinateTo(other: Custodian): boolean {
    for (let c = this.parent; c !== null; c = c.parent) if (c === other) return true;
    return false;
  }

  [racketPrint](): string {
    return '#<custodian>';
  }
}

export const rootCustodian = new Custodian(null);

/**
 * Racket's error for making something under a custodian that has been shut down, in its two
 * wordings: `who: the current custodian has been shut down` (`ExnFail`) for what a custodian
 * manages (ports, listeners, sockets, connections); for `thread` and `make-custodian`, which
 * take the custodian as an argument in Racket's terms, a contract error `who: the custodian
 * has been shut down` with a `custodian:` field.
 */
export function custodianShutDownError(who: string, custodian?: Custodian): ExnFail {
  if (custodian === undefined) return failError(who, 'the current custodian has been shut down');
  return argumentsError(who, 'the custodian has been shut down', [
    ['custodian', formatValue(custodian)],
  ]);
}

/** Whether `v` is a custodian (Racket: `custodian?`). Never raises. */
export const isCustodian = (v: unknown): v is Custodian => v instanceof Custodian;

/**
 * The custodian that new threads, ports, listeners and sockets register with (Racket:
 * `current-custodian`). A parameter: `currentCustodian()` reads it; bind it with
 * `parameterize(currentCustodian, c, thunk)`. At first, the root custodian, which is never
 * shut down by racket-net itself.
 *
 * @throws {@link ExnFailContract} when set to something other than a custodian.
 */
export const currentCustodian = makeParameter<Custodian>(rootCustodian, (v) =>
  check('current-custodian', isCustodian, 'custodian?', v),
);

/**
 * A new custodian under `parent` (default: the current custodian), shut down whenever `parent`
 * is. Racket: `make-custodian`.
 *
 * @throws {@link ExnFailContract} if `parent` is not a custodian.
 * @throws {@link ExnFailContract} if `parent` has been shut down.
 * @example
 * ```ts
 * const session = makeCustodian();
 * await parameterize(currentCustodian, session, async () => {
 *   const [input, output] = await tcpConnect('example.com', 80); // owned by `session`
 *   thread(async () => copyPort(input, output)); // so is this thread
 * });
 * custodianShutdownAll(session); // closes both ports and kills the thread
 * ```
 */
export function makeCustodian(parent?: Custodian | null): Custodian {
  parent = check('make-custodian', isCustodian, 'custodian?', parent ?? currentCustodian());
  if (parent.isShutDown) throw custodianShutDownError('make-custodian', parent);
  return new Custodian(parent);
}

/**
 * Shuts `custodian` down (Racket: `custodian-shutdown-all`): closes every port, listener and
 * UDP socket it manages, without flushing (unflushed output is discarded), kills its threads,
 * and does the same for every custodian under it. Threads elsewhere that wait on its ports
 * wake up and raise {@link ExnFail}. When the current thread is among those killed, it stops
 * once everything else is shut. Later attempts to make things under it raise.
 *
 * @throws {@link ExnFailContract} if `custodian` is not a custodian.
 */
export function custodianShutdownAll(custodian: Custodian): void {
  check('custodian-shutdown-all', isCustodian, 'custodian?', custodian).shutdownAll();
  exitIfKilled();
}

/**
 * Whether `custodian` has been shut down (Racket: `custodian-shut-down?`).
 *
 * @throws {@link ExnFailContract} if `custodian` is not a custodian.
 */
export function isCustodianShutDown(custodian: Custodian): boolean {
  return check('custodian-shut-down?', isCustodian, 'custodian?', custodian).isShutDown;
}

/**
 * The objects `custodian` manages directly (threads, ports, listeners, sockets) and its child
 * custodians (Racket: `custodian-managed-list`). `superior` must be an ancestor of `custodian`.
 *
 * @throws {@link ExnFailContract} if either is not a custodian, or if `superior` does not
 *   manage `custodian`.
 */
export function custodianManagedList(custodian: Custodian, superior: Custodian): object[] {
  check('custodian-managed-list', isCustodian, 'custodian?', custodian);
  check('custodian-managed-list', isCustodian, 'custodian?', superior);
  if (!custodian.isSubordinateTo(superior)) {
    throw argumentsError(
      'custodian-managed-list',
      'the second custodian does not manage the first custodian',
      [
        ['first custodian', formatValue(custodian)],
        ['second custodian', formatValue(superior)],
      ],
    );
  }
  return custodian.managedObjects();
}

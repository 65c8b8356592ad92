/**
 * Progress events and commits (Racket's `port-progress-evt`, `port-commit-peeked`): the
 * events, and the one-step commit a port's default `commitPeeked` waits on.
 *
 * A port hands out a `ProgressSignal` (`InputPort.progressEvt`) that it fires the next time
 * bytes are read from it or it closes; `portProgressEvt` wraps whatever event the port gives
 * (a custom port may give its own) in a `ProgressEvt`, as Racket wraps it in a `progress-evt`.
 */
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
  WrapEvt,
} from '../evt/evt.js';
import { flattenInto, type Leaf } from '../evt/leaves.js';
import { syncPrimitive } from '../evt/sync.js';
import { type NackEvt } from '../evt/nack.js';
import { racketPrint } from '../exn/print.js';

/**
 * The default progress event of a port: not ready until the port fires it (bytes read, or the
 * port closed), then ready for good. Its result is itself.
 */
export class ProgressSignal extends PrimitiveEvt<ProgressSignal> {
  #ready = false;
  #waiters: WaiterSet | null = null;

  get isReady(): boolean {
    return this.#ready;
  }

  fire(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#waiters?.wakeAll();
    this.#waiters = null;
  }

  poll(): ProgressSignal | NotReady {
    return this.#ready ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    if (this.#ready) {
      waiter.wake();
      return () => {};
    }
    return (this.#waiters ??= new WaiterSet()).add(waiter);
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

/** A signal that is ready from the start (the progress event of a closed port). */
export function firedSignal(): ProgressSignal {
  const signal = new ProgressSignal();
  signal.fire();
  return signal;
}

/**
 * A progress event (Racket: `progress-evt?`), made by {@link portProgressEvt}: ready once bytes
 * have been read from its port after it was made, or the port has closed; then it stays ready.
 * Its result is itself.
 *
 * @opaque
 */
export class ProgressEvt extends WrapEvt<unknown, ProgressEvt> {
  constructor(
    /** The port it reports progress on. */
    readonly port: object,
    /** The port's own event (`InputPort.progressEvt`): what a commit is given. */
    readonly inner: Evt,
  ) {
    super(inner, () => this);
  }

  [racketPrint](): string {
    return '#<progress-evt>';
  }
}

/** Whether `v` is a progress event, of `port` if given (Racket: `progress-evt?`). Never raises. */
export function isProgressEvt(v: unknown, port?: object): v is ProgressEvt {
  return v instanceof ProgressEvt && (port === undefined || v.port === port);
}

/** A party for polls made outside any `sync` (a channel must not rendezvous with it). */
const OUTSIDE = {};

/**
 * Whether `evt` is ready now, polled once without waiting. For progress events, which stay
 * ready once ready, so polling commits nothing that matters.
 */
export function isEvtReadyNow(evt: Evt): boolean {
  if (evt instanceof ProgressSignal) return evt.isReady;
  if (evt instanceof PrimitiveEvt) return evt.poll(OUTSIDE) !== NOT_READY;
  const leaves: Leaf[] = [];
  const nacks: NackEvt[] = [];
  flattenInto('sync', evt, null, null, leaves, nacks);
  return leaves.some((leaf) => leaf.evt.poll(OUTSIDE) !== NOT_READY);
}

/** Watches every leaf of `evt` for `waiter`. */
export function watchAll(evt: Evt, waiter: Waiter): Unwatch {
  if (evt instanceof PrimitiveEvt) return evt.watch(waiter);
  const leaves: Leaf[] = [];
  flattenInto('sync', evt, null, null, leaves, []);
  const unwatches = leaves.map((leaf) => leaf.evt.watch(waiter));
  return () => unwatches.forEach((unwatch) => unwatch());
}

/**
 * The watch of `done` for a waiting commit. A semaphore or channel hands a value straight to a
 * waiter (`complete`), which would choose `done` without the progress check: this waiter
 * declines, and the sync polls again (which checks progress, then takes `done`). A declining
 * waiter has been dropped from `done`'s set, so it watches again, in a microtask (not while the
 * set is being walked), and wakes the sync once more in case it missed something meanwhile.
 */
class DoneWatch implements Waiter {
  #unwatch: Unwatch;
  #stopped = false;
  constructor(
    readonly outer: Waiter,
    readonly done: PrimitiveEvt<unknown>,
  ) {
    this.#unwatch = done.watch(this);
  }
  get party(): object {
    return this.outer.party;
  }
  wake(): void {
    this.outer.wake();
  }
  complete(): boolean {
    this.outer.wake();
    queueMicrotask(() => {
      if (this.#stopped) return;
      this.#unwatch = this.done.watch(this);
      this.outer.wake();
    });
    return false;
  }
  stop(): void {
    this.#stopped = true;
    this.#unwatch();
  }
}

/**
 * The commit of `port-commit-peeked` as one event: a poll checks the progress event first and
 * answers `false` if it is ready; otherwise, if `done` is ready (which takes it), it runs
 * `commit` at once, in the same synchronous step, and answers `true`. So `done` is never chosen
 * after progress was made, and nothing reads in between.
 */
export class CommitEvt extends PrimitiveEvt<boolean> {
  constructor(
    readonly progress: Evt,
    readonly done: PrimitiveEvt<unknown>,
    readonly commit: () => void,
  ) {
    super();
  }

  poll(party: object): boolean | NotReady {
    if (isEvtReadyNow(this.progress)) return false;
    if (this.done.poll(party) === NOT_READY) return NOT_READY;
    this.commit();
    return true;
  }

  watch(waiter: Waiter): Unwatch {
    const unwatchProgress = watchAll(this.progress, waiter);
    const doneWatch = new DoneWatch(waiter, this.done);
    return () => {
      unwatchProgress();
      doneWatch.stop();
    };
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

/**
 * The default commit of an input port: waits until `progress` or `done` is ready; if `done` is
 * chosen, runs `commit` in the same step. Answers whether it committed.
 */
export function commitBuffered(
  progress: Evt,
  done: PrimitiveEvt<unknown>,
  commit: () => void,
): boolean | Promise<boolean> {
  const evt = new CommitEvt(progress, done, commit);
  const now = evt.poll(evt);
  return now !== NOT_READY ? now : syncPrimitive(false, evt);
}

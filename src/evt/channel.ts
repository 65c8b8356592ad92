/**
 * Channels: synchronous rendezvous. A put completes only together with a get; the side that
 * arrives second finds the waiting side and decides both syncs in one synchronous step.
 */
import { check } from '../exn/raise.js';
import { racketPrint } from '../exn/print.js';
import {
  type Evt,
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
} from './evt.js';
import { syncEvts } from './sync.js';

interface WaitingPut {
  readonly waiter: Waiter;
  readonly evt: ChannelPutEvt<unknown>;
}

/**
 * A Racket channel, made by {@link makeChannel}: a put and a get complete together, or not at
 * all. It is also an event: ready when a put is waiting; choosing it takes that put's value,
 * which is its result.
 *
 * @opaque
 */
export class Channel<T = unknown> extends PrimitiveEvt<T> {
  readonly getters = new Set<Waiter>();
  readonly putters = new Set<WaitingPut>();

  /** A get: take the value of a waiting put from another sync, deciding that sync too. */
  poll(party: object): T | NotReady {
    for (const put of this.putters) {
      if (put.waiter.party === party) continue;
      this.putters.delete(put);
      if (put.waiter.complete(put.evt)) return put.evt.value as T;
    }
    return NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    this.getters.add(waiter);
    return () => this.getters.delete(waiter);
  }

  [racketPrint](): string {
    return '#<channel>';
  }
}

class ChannelPutEvt<T> extends PrimitiveEvt<ChannelPutEvt<T>> {
  constructor(
    readonly channel: Channel<T>,
    readonly value: T,
  ) {
    super();
  }

  poll(party: object): ChannelPutEvt<T> | NotReady {
    for (const getter of this.channel.getters) {
      if (getter.party === party) continue;
      this.channel.getters.delete(getter);
      if (getter.complete(this.value)) return this;
    }
    return NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    const put: WaitingPut = { waiter, evt: this as ChannelPutEvt<unknown> };
    this.channel.putters.add(put);
    return () => this.channel.putters.delete(put);
  }

  [racketPrint](): string {
    return '#<channel-put-evt>';
  }
}

/** Whether `v` is an event made by {@link channelPutEvt} (Racket: `channel-put-evt?`). Never raises. */
export const isChannelPutEvt = (v: unknown): boolean => v instanceof ChannelPutEvt;

/** Whether `v` is a channel (Racket: `channel?`). Never raises. */
export const isChannel = (v: unknown): v is Channel => v instanceof Channel;

/**
 * A new channel, for synchronous rendezvous between threads (Racket: `make-channel`).
 *
 * @example
 * ```ts
 * const jobs = makeChannel<string>();
 * thread(async () => {
 *   for (;;) console.log('got', await channelGet(jobs));
 * });
 * await channelPut(jobs, 'first'); // returns once the other thread has taken it
 * ```
 */
export function makeChannel<T = unknown>(): Channel<T> {
  return new Channel<T>();
}

/**
 * Waits for a thread to put a value into `ch` and returns it (Racket: `channel-get`); like
 * `sync(ch)`.
 *
 * @throws {@link ExnFailContract} if `ch` is not a channel.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled (no
 *   value is then taken).
 */
export async function channelGet<T>(ch: Channel<T>): Promise<T> {
  check('channel-get', isChannel, 'channel?', ch);
  return (await syncEvts('channel-get', false, false, [ch])) as T;
}

/**
 * Waits for a thread to get `v` from `ch` (Racket: `channel-put`); returns once it has.
 *
 * @throws {@link ExnFailContract} if `ch` is not a channel.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled (`v` is
 *   then not delivered).
 */
export async function channelPut<T>(ch: Channel<T>, v: T): Promise<void> {
  check('channel-put', isChannel, 'channel?', ch);
  await syncEvts('channel-put', false, false, [new ChannelPutEvt(ch, v)]);
}

/**
 * An event ready when a get on `ch` is waiting; the put of `v` happens only if this event is
 * chosen. Its result is the event itself (Racket: `channel-put-evt`).
 *
 * @throws {@link ExnFailContract} if `ch` is not a channel.
 */
export function channelPutEvt<T>(ch: Channel<T>, v: T): Evt<Evt> {
  return new ChannelPutEvt(check('channel-put-evt', isChannel, 'channel?', ch), v);
}

/**
 * Takes the value of a put that is waiting on `ch`, completing that put, and returns it; returns
 * `false` at once if no put is waiting (Racket: `channel-try-get`, which is
 * `(sync/timeout 0 ch)`). Never waits.
 *
 * @throws {@link ExnFailContract} if `ch` is not a channel.
 */
export function channelTryGet<T>(ch: Channel<T>): T | false {
  const value = (check('channel-try-get', isChannel, 'channel?', ch) as Channel<T>).poll({});
  return value === NOT_READY ? false : value;
}

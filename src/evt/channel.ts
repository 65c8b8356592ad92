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

export const isChannel = (v: unknown): v is Channel => v instanceof Channel;

export function makeChannel<T = unknown>(): Channel<T> {
  return new Channel<T>();
}

export async function channelGet<T>(ch: Channel<T>): Promise<T> {
  check('channel-get', isChannel, 'channel?', ch);
  return (await syncEvts('channel-get', false, false, [ch])) as T;
}

export async function channelPut<T>(ch: Channel<T>, v: T): Promise<void> {
  check('channel-put', isChannel, 'channel?', ch);
  await syncEvts('channel-put', false, false, [new ChannelPutEvt(ch, v)]);
}

/** Ready when a get can take `v`; the put happens only if this event is chosen. Result: itself. */
export function channelPutEvt<T>(ch: Channel<T>, v: T): Evt<Evt> {
  return new ChannelPutEvt(check('channel-put-evt', isChannel, 'channel?', ch), v);
}

/** Time: `currentInexactMilliseconds`, `alarmEvt`, `sleep`. */
import { check, isRealNonnegative } from '../exn/raise.js';
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

/**
 * Milliseconds since the epoch, with a fractional part (Racket:
 * `current-inexact-milliseconds`). Monotonic within a process: it follows `performance.now()`.
 */
export function currentInexactMilliseconds(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Milliseconds since an unspecified starting point (here: when the process started), with a
 * fractional part (Racket: `current-inexact-monotonic-milliseconds`). Never goes backwards, even
 * when the system clock is changed. Never raises.
 */
export function currentInexactMonotonicMilliseconds(): number {
  return performance.now();
}

class AlarmEvt extends PrimitiveEvt<AlarmEvt> {
  constructor(
    readonly msecs: number,
    /** `msecs` is on the clock of `currentInexactMonotonicMilliseconds`. */
    readonly monotonic = false,
  ) {
    super();
  }

  #now(): number {
    return this.monotonic ? performance.now() : currentInexactMilliseconds();
  }

  poll(): AlarmEvt | NotReady {
    return this.#now() >= this.msecs ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    // A real timer: a thread sleeping on an alarm keeps the process alive, as in Racket.
    // Timers may fire a little before the clock says the alarm is due: re-arm until it is.
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      const delay = this.msecs - this.#now();
      if (delay <= 0) waiter.wake();
      else timer = setTimeout(arm, Math.min(Math.ceil(delay), 2 ** 31 - 1));
    };
    arm();
    return () => clearTimeout(timer);
  }

  [racketPrint](): string {
    return '#<alarm-evt>';
  }
}

const isReal = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/**
 * An event ready once `currentInexactMilliseconds()` reaches `msecs` (an absolute time, not a
 * delay); its result is the event itself (Racket: `alarm-evt`). With `monotonic` true, `msecs`
 * is a time of {@link currentInexactMonotonicMilliseconds} instead. A thread waiting on it
 * keeps the process alive.
 *
 * @throws {@link ExnFailContract} if `msecs` is not a real number (as Racket 8.7, the message
 *   names `create-alarm-evt`).
 * @example
 * ```ts
 * const timeout = alarmEvt(currentInexactMilliseconds() + 500);
 * const r = await sync(readLineEvt(input), timeout); // `timeout` if no line in 0.5 s
 * ```
 */
export function alarmEvt(msecs: number, monotonic: unknown = false): Evt<Evt> {
  check('create-alarm-evt', isReal, 'real?', msecs);
  return new AlarmEvt(msecs, Boolean(monotonic));
}

/**
 * Waits `secs` seconds (Racket: `sleep`); `sleep(0)` (the default) lets other threads run.
 *
 * @throws {@link ExnFailContract} if `secs` is negative or not a number.
 * @throws {@link ExnBreak} if the thread is broken while it sleeps with breaks enabled.
 */
export async function sleep(secs: number = 0): Promise<void> {
  check('sleep', isRealNonnegative, '(>=/c 0)', secs);
  await syncEvts('sleep', false, false, [new AlarmEvt(currentInexactMilliseconds() + secs * 1000)]);
}

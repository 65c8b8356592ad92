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

class AlarmEvt extends PrimitiveEvt<AlarmEvt> {
  constructor(readonly msecs: number) {
    super();
  }

  poll(): AlarmEvt | NotReady {
    return currentInexactMilliseconds() >= this.msecs ? this : NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    // A real timer: a thread sleeping on an alarm keeps the process alive, as in Racket.
    // Timers may fire a little before the clock says the alarm is due: re-arm until it is.
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      const delay = this.msecs - currentInexactMilliseconds();
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
 * delay); its result is the event itself (Racket: `alarm-evt`). A thread waiting on it keeps
 * the process alive.
 *
 * @throws {@link ExnFailContract} if `msecs` is not a real number.
 * @example
 * ```ts
 * const timeout = alarmEvt(currentInexactMilliseconds() + 500);
 * const r = await sync(readLineEvt(input), timeout); // `timeout` if no line in 0.5 s
 * ```
 */
export function alarmEvt(msecs: number): Evt<Evt> {
  check('alarm-evt', isReal, 'real?', msecs);
  return new AlarmEvt(msecs);
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

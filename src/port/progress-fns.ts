/**
 * The public face of locations and progress: `port-count-lines!`, `port-next-location`,
 * `port-progress-evt`, `port-commit-peeked` (the machinery is in `InputPort`, `OutputPort`,
 * `location.ts` and `progress.ts`).
 */
import { alwaysEvt, neverEvt } from '../evt/combinators.js';
import { isChannel, isChannelPutEvt } from '../evt/channel.js';
import { type Evt, type PrimitiveEvt } from '../evt/evt.js';
import { isSemaphore, isSemaphorePeekEvt } from '../evt/semaphore.js';
import { argumentsError, asPromise, check, contractError } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { checkAmount, checkInputPort, progressFor } from './check.js';
import { type InputPort, isInputPort } from './input-port.js';
import { isOutputPort, type OutputPort } from './output-port.js';
import { isProgressEvt, ProgressEvt } from './progress.js';

export { isProgressEvt, ProgressEvt } from './progress.js';

const isPortValue = (x: unknown): x is InputPort | OutputPort => isInputPort(x) || isOutputPort(x);
const checkPort = (who: string, v: unknown): InputPort | OutputPort =>
  check(who, isPortValue, 'port?', v);

/**
 * Turns on line and column counting for `port`, input or output (Racket: `port-count-lines!`):
 * from now on {@link portNextLocation} reports lines (from 1) and columns (from 0), and
 * positions count characters. A CR, an LF, and a CR LF are each one line break (CR LF one
 * position); a tab moves the column to the next multiple of 8; a UTF-8 character is one column
 * and one position (an invalid byte is one too, as it reads as U+FFFD). Counting an input port
 * starts at position 1, as in Racket; an output port's position goes on from the bytes already
 * written. Turning it on twice changes nothing. Only reads count, never peeks.
 *
 * @throws {@link ExnFailContract} if `port` is not a port.
 * @throws {@link ExnFail} if the port is closed.
 * @example
 * ```ts
 * portCountLines(input);
 * const line = await readLine(input);
 * const [lineNo, column, position] = portNextLocation(input); // [2, 0, …] after one line
 * ```
 */
export function portCountLines(port: InputPort | OutputPort): void {
  const p = checkPort('port-count-lines!', port);
  p.checkOpen('port-count-lines!');
  p.countLines();
}

/**
 * Where the next byte read from (or written to) `port` is (Racket: `port-next-location`):
 * `[line, column, position]`. Without {@link portCountLines}, line and column are `false` and
 * the position counts bytes (from 1), as in Racket; with it, all three count characters.
 *
 * @throws {@link ExnFailContract} if `port` is not a port.
 * @throws {@link ExnFail} if the port is closed and counts lines (Racket's check).
 */
export function portNextLocation(
  port: InputPort | OutputPort,
): [line: number | false, column: number | false, position: number] {
  const p = checkPort('port-next-location', port);
  const location = p.nextLocation();
  if (location[0] !== false) p.checkOpen('port-next-location');
  return location;
}

/**
 * A progress event for `inp` (Racket: `port-progress-evt`): ready once bytes have been read
 * from `inp` after it was made, or `inp` has closed (at once if it is closed); then it stays
 * ready. Its result is itself. Give it to the peek functions (which then answer `0`, or never
 * become ready, once it is ready) and to {@link portCommitPeeked}.
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port, or provides no progress events.
 */
export function portProgressEvt(inp: InputPort): ProgressEvt {
  const who = 'port-progress-evt';
  const port = checkInputPort(who, inp);
  const evt = port.progressEvt();
  if (evt === false) {
    throw argumentsError(who, 'port does not provide progress evts', [['port', formatValue(port)]]);
  }
  return new ProgressEvt(port, evt);
}

/** The events `port-commit-peeked` may wait on: those whose poll commits atomically. */
const isCommitDoneEvt = (v: unknown): v is PrimitiveEvt<unknown> =>
  v === alwaysEvt ||
  v === neverEvt ||
  isSemaphore(v) ||
  isSemaphorePeekEvt(v) ||
  isChannel(v) ||
  isChannelPutEvt(v);

/**
 * Commits as read the first `amt` bytes peeked from `inp` (fewer if fewer are there), if
 * `evt` is chosen before `progress` is ready: it waits for one of them, and resolves to
 * whether it committed (Racket: `port-commit-peeked`). So a peek, then a commit with the
 * progress event made before it, takes exactly the bytes peeked, or nothing if another reader
 * got there first. With nothing buffered, it commits nothing and resolves to `true` (as Racket
 * 8.7's ports do). Committed bytes count for {@link portCountLines} as read bytes do.
 *
 * @throws {@link ExnFailContract} if an argument is bad: `evt` must be a semaphore, semaphore
 *   peek event, channel, channel put event, `alwaysEvt` or `neverEvt`; `progress` must be a
 *   progress event of `inp`.
 * @example
 * ```ts
 * const progress = portProgressEvt(input);
 * const bytes = await peekBytes(4, 0, input);
 * if (await portCommitPeeked(4, progress, alwaysEvt, input)) console.log('took', bytes);
 * ```
 */
export function portCommitPeeked(
  amt: number,
  progress: ProgressEvt,
  evt: Evt,
  inp: InputPort,
): Promise<boolean> {
  return asPromise(() => {
    const who = 'port-commit-peeked';
    const n = checkAmount(who, amt);
    if (!isProgressEvt(progress)) throw contractError(who, 'progress-evt?', progress);
    if (!isCommitDoneEvt(evt)) {
      throw contractError(
        who,
        '(or/c channel-put-evt? channel? semaphore? semaphore-peek-evt? always-evt never-evt)',
        evt,
      );
    }
    const port = checkInputPort(who, inp);
    const inner = progressFor(who, progress, port)!;
    return port.commitPeeked(n, inner, evt);
  });
}

/**
 * The errors `racket/unix-socket` raises, one constructor per message, worded as Racket 8.7's
 * `unix-socket-lib` words them. All are plain `ExnFail` (it raises them with `error`), with the
 * path printed as `~e` prints it and the `errno:` / `error:` lines of its `errno-error-lines`;
 * bad arguments are `ExnFailContract` in the blame style of its `contract-out`.
 */
import { ExnFailContract, type ExnFail } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { failError, type Field } from '../exn/raise.js';
import { errnoOf, type SystemCause } from '../network/errors.js';

/** The `errno:` and `error:` lines of a failed system call (Racket's `errno-error-lines`). */
function errnoLines(cause: SystemCause): Field[] {
  const { code, text } = errnoOf(cause);
  return [
    ['errno', String(code)],
    ['error', text],
  ];
}

/** Each binding's contract as `contract-out` prints it, and the line it is declared on. */
const CONTRACTS: Readonly<Record<string, readonly [contract: string, line: number]>> = {
  'unix-socket-connect': [
    '(->\n       unix-socket-path?\n       (values input-port? output-port?))',
    16,
  ],
  'unix-socket-listen': [
    '(->*\n       (unix-socket-path?)\n       (natural?)\n       unix-socket-listener?)',
    18,
  ],
  'unix-socket-close-listener': ['(-> unix-socket-listener? any)', 21],
  'unix-socket-accept': [
    '(->\n       unix-socket-listener?\n       (values input-port? output-port?))',
    23,
  ],
  'unix-socket-accept-evt': ['(-> unix-socket-listener? evt?)', 25],
};

const SOURCE = '<pkgs>/unix-socket-lib/racket/unix-socket.rkt';

/**
 * A bad argument, as Racket's `contract-out` reports it. The caller is blamed as
 * `top-level`, as Racket blames code outside any module (a JavaScript caller has none).
 */
export function unixContractError(
  who: string,
  expected: string,
  given: unknown,
  argument: 1 | 2,
): ExnFailContract {
  const [contract, line] = CONTRACTS[who]!;
  return new ExnFailContract(
    `${who}: contract violation\n` +
      `  expected: ${expected}\n` +
      `  given: ${formatValue(given)}\n` +
      `  in: the ${argument === 1 ? '1st' : '2nd'} argument of\n` +
      `      ${contract}\n` +
      `  contract from: \n` +
      `      ${SOURCE}\n` +
      `  blaming: top-level\n` +
      `   (assuming the contract is correct)\n` +
      `  at: ${SOURCE}:${line}:11`,
  );
}

/** `unix-socket-connect: failed to connect socket` with the `path:` and errno lines. */
export function connectFailedError(who: string, path: unknown, cause: SystemCause): ExnFail {
  return failError(who, 'failed to connect socket', [
    ['path', formatValue(path)],
    ...errnoLines(cause),
  ]);
}

/** `unix-socket-listen: failed to bind socket` (the path is taken, missing, not writable…). */
export function bindFailedError(who: string, path: unknown, cause: SystemCause): ExnFail {
  return failError(who, 'failed to bind socket', [
    ['path', formatValue(path)],
    ...errnoLines(cause),
  ]);
}

/** `unix-socket-accept: unix socket listener is closed` (also `-accept-evt`). */
export function unixListenerClosedError(who: string): ExnFail {
  return failError(who, 'unix socket listener is closed');
}

/**
 * `who: the custodian has been shut down`: connecting (or listening) under a custodian that has
 * been shut down, or an accept whose ports would go to one (`who` is then Racket's
 * `unix-socket-accept-evt poll`, for every accept).
 */
export function unixCustodianShutDownError(who: string): ExnFail {
  return failError(who, 'the custodian has been shut down');
}

/** `who: unix domain sockets are not supported on this platform` (Windows). */
export function unsupportedPlatformError(who: string): ExnFail {
  return failError(who, 'unix domain sockets are not supported on this platform');
}

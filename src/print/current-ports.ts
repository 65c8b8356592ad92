/**
 * `currentInputPort`, `currentOutputPort`, `currentErrorPort`: parameters whose initial
 * values are the ports over the process's stdin, stdout and stderr, made only when first read
 * (making the parameters opens nothing and reads nothing).
 */
import { check } from '../exn/raise.js';
import { type InputPort, isInputPort } from '../port/input-port.js';
import { isOutputPort, type OutputPort } from '../port/output-port.js';
import { makeDerivedParameter, makeParameter, type Parameter } from '../parameter/parameter.js';
import { stderrPort, stdinPort, stdoutPort } from './stdio.js';

/** A port parameter whose `null` stands for the process's port, made on first read. */
function portParameter<P>(
  who: string,
  expected: string,
  isPort: (v: unknown) => v is P,
  original: () => P,
): Parameter<P> {
  const base = makeParameter<P | null>(null);
  return makeDerivedParameter<P | null, P>(
    base,
    (v) => check(who, isPort, expected, v),
    (v) => v ?? original(),
  );
}

/**
 * The port that reading functions of the printing library read from by default (Racket:
 * `current-input-port`): at first a port over the process's stdin (`#<input-port:stdin>`),
 * which reads from stdin only while a read waits on it. Bind it with `parameterize` or
 * {@link withInputFromString}.
 *
 * @throws {@link ExnFailContract} when set to something other than an input port.
 * @example
 * ```ts
 * const line = await readLine(currentInputPort());
 * ```
 */
export const currentInputPort: Parameter<InputPort> = portParameter(
  'current-input-port',
  'input-port?',
  isInputPort,
  stdinPort,
);

/**
 * The port that {@link display}, {@link printf} and the other printing functions write to by
 * default (Racket: `current-output-port`): at first a port over the process's stdout
 * (`#<output-port:stdout>`), line-buffered on a terminal and block-buffered otherwise, and
 * flushed when the process exits (even by `process.exit()`).
 *
 * @throws {@link ExnFailContract} when set to something other than an output port.
 * @example
 * ```ts
 * await parameterize(currentOutputPort, connectionOut, () => printf('HTTP/1.0 200 OK\r\n'));
 * ```
 */
export const currentOutputPort: Parameter<OutputPort> = portParameter(
  'current-output-port',
  'output-port?',
  isOutputPort,
  stdoutPort,
);

/**
 * The port {@link eprintf} writes to (Racket: `current-error-port`): at first an unbuffered
 * port over the process's stderr (`#<output-port:stderr>`).
 *
 * @throws {@link ExnFailContract} when set to something other than an output port.
 */
export const currentErrorPort: Parameter<OutputPort> = portParameter(
  'current-error-port',
  'output-port?',
  isOutputPort,
  stderrPort,
);

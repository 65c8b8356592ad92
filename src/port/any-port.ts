/** What all ports share: predicates, closing, closed events, buffer modes. */
import { argumentsError, asPromise, check, contractError, DONE } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { type Evt } from '../evt/evt.js';
import { checkInputPort, checkOutputPort } from './check.js';
import { type InputBufferMode, InputPort, isInputPort } from './input-port.js';
import { isOutputPort, type OutputBufferMode, OutputPort } from './output-port.js';
import { PortClosedEvt } from './port-evts.js';

/** An input or an output port (Racket: `port?`). */
export type Port = InputPort | OutputPort;
/**
 * A port's buffer mode (Racket's symbols as strings): `'block'` holds output until the buffer
 * (4096 bytes) is full or flushed, `'line'` also flushes at each newline, `'none'` writes
 * through. Input ports have `'block'` and `'none'` only.
 */
export type BufferMode = 'block' | 'line' | 'none';

/** Whether `v` is an input or output port (Racket: `port?`). Never raises. */
export const isPort = (v: unknown): v is Port => isInputPort(v) || isOutputPort(v);

const checkPort = (who: string, v: unknown): Port => check(who, isPort, 'port?', v);

/**
 * Closes an input port at once (Racket: `close-input-port`): buffered bytes are discarded, and
 * reads waiting on it, and later ones, raise {@link ExnFail}. Closing a closed port does
 * nothing. On a TCP port the connection stays open for output; bytes that still arrive are
 * read and discarded.
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port.
 */
export function closeInputPort(inp: InputPort): void {
  checkInputPort('close-input-port', inp).close();
}

/**
 * Closes an output port (Racket: `close-output-port`): it is closed at once (`isPortClosed` is
 * true and later writes raise {@link ExnFail}), and the promise resolves once the buffered
 * bytes have been flushed. On a TCP port this sends FIN while input stays open (a half-close);
 * the connection ends when both ports are closed. Closing a closed port does nothing.
 *
 * @throws {@link ExnFailContract} if `out` is not an output port.
 * @throws {@link ExnFailNetworkErrno} if the final flush fails.
 */
export function closeOutputPort(out: OutputPort): Promise<void> {
  return asPromise(() => checkOutputPort('close-output-port', out).close() ?? DONE);
}

/**
 * Whether `port` has been closed, by a close or a custodian shutdown (Racket: `port-closed?`).
 *
 * @throws {@link ExnFailContract} if `port` is not a port.
 */
export function isPortClosed(port: Port): boolean {
  return checkPort('port-closed?', port).isClosed;
}

/**
 * An event ready once `port` is closed; its result is the event itself (Racket:
 * `port-closed-evt`).
 *
 * @throws {@link ExnFailContract} if `port` is not a port.
 */
export function portClosedEvt(port: Port): Evt<Evt> {
  return new PortClosedEvt(checkPort('port-closed-evt', port));
}

const BUFFER_MODES: readonly string[] = ['none', 'line', 'block'];

/**
 * The buffer mode of `port` (Racket: `(file-stream-buffer-mode port)`): `false` for ports that
 * have none, like pipes. TCP ports start in `'block'` mode.
 *
 * @throws {@link ExnFailContract} if `port` is not a port.
 */
export function fileStreamBufferMode(port: Port): BufferMode | false;
/**
 * Sets the buffer mode of `port` (Racket: `(file-stream-buffer-mode port mode)`). For a TCP
 * output port, TCP_NODELAY is on exactly while the mode is `'block'`.
 *
 * @throws {@link ExnFailContract} if `port` is not a port, `mode` is not a buffer mode, `mode`
 *   is `'line'` for an input port, or the port has no buffer mode (a pipe).
 * @example
 * ```ts
 * fileStreamBufferMode(output, 'none'); // every write goes straight to the socket
 * ```
 */
export function fileStreamBufferMode(port: Port, mode: BufferMode): void;
export function fileStreamBufferMode(
  ...args: [Port] | [Port, BufferMode]
): BufferMode | false | void {
  const who = 'file-stream-buffer-mode';
  const port = checkPort(who, args[0]);
  if (args.length === 1) return port.bufferMode;
  const mode = args[1];
  if (typeof mode !== 'string' || !BUFFER_MODES.includes(mode)) {
    throw contractError(who, "(or/c 'none 'line 'block)", mode);
  }
  if (port instanceof InputPort && mode === 'line') {
    throw argumentsError(who, "'line buffering not supported for an input port", [
      ['port', formatValue(port)],
    ]);
  }
  const kind = port instanceof InputPort ? 'input port' : 'output port';
  if (port.bufferMode === false) {
    throw argumentsError(who, `buffering not supported for ${kind}`, [
      ['mode', `'${mode}`],
      [kind, formatValue(port)],
    ]);
  }
  if (port instanceof InputPort) {
    port.bufferMode = mode as InputBufferMode;
  } else {
    port.bufferMode = mode as OutputBufferMode;
  }
}

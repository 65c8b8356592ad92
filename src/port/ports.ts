/** What all ports share: predicates, closing, closed events, buffer modes. */
import { argumentsError, asPromise, check, contractError, DONE } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { type Evt } from '../evt/evt.js';
import { checkInputPort, checkOutputPort } from './check.js';
import { type InputBufferMode, InputPort, isInputPort } from './input-port.js';
import { isOutputPort, type OutputBufferMode, OutputPort } from './output-port.js';
import { PortClosedEvt } from './port-evts.js';

export type Port = InputPort | OutputPort;
export type BufferMode = 'block' | 'line' | 'none';

export const isPort = (v: unknown): v is Port => isInputPort(v) || isOutputPort(v);

const checkPort = (who: string, v: unknown): Port => check(who, isPort, 'port?', v);

/** Closes an input port at once: buffered bytes are discarded; blocked readers get an error. */
export function closeInputPort(inp: InputPort): void {
  checkInputPort('close-input-port', inp).close();
}

/** Closes an output port at once (later writes raise); resolves once buffered bytes are flushed. */
export function closeOutputPort(out: OutputPort): Promise<void> {
  return asPromise(() => checkOutputPort('close-output-port', out).close() ?? DONE);
}

export function isPortClosed(port: Port): boolean {
  return checkPort('port-closed?', port).isClosed;
}

export function portClosedEvt(port: Port): Evt<Evt> {
  return new PortClosedEvt(checkPort('port-closed-evt', port));
}

const BUFFER_MODES: readonly string[] = ['none', 'line', 'block'];

/**
 * `fileStreamBufferMode(port)` reads the mode (`false` for ports without one, like pipes);
 * `fileStreamBufferMode(port, mode)` sets it.
 */
export function fileStreamBufferMode(port: Port): BufferMode | false;
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

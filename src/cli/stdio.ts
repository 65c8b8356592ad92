/**
 * The process's stdin and stdout as racket-net ports, and the copy loop that bridges ports.
 * stdin is opened lazily: a server that never reads it must not hold the terminal.
 */
import { isEofObject } from '../port/eof.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { readBytesAvail } from '../port/read.js';
import { flushOutput, writeBytes } from '../port/write.js';
import { nodeReadableToInputPort } from '../interop/node-readable-to-input-port.js';
import { nodeWritableToOutputPort } from '../interop/node-writable-to-output-port.js';

let stdinPort: InputPort | undefined;
let stdoutPort: OutputPort | undefined;

export function stdin(): InputPort {
  return (stdinPort ??= nodeReadableToInputPort(process.stdin, { name: 'stdin' }));
}

/** Never ended by a close: Node does not let a program end its own stdout. */
export function stdout(): OutputPort {
  return (stdoutPort ??= nodeWritableToOutputPort(process.stdout, {
    name: 'stdout',
    endOnClose: false,
  }));
}

/**
 * Copies `from` to `to` until EOF, flushing each chunk (interactive: a typed line goes out at
 * once) and waiting whenever `to` cannot take more. Returns the number of bytes copied.
 */
export async function pump(
  from: InputPort,
  to: OutputPort,
  onChunk: (n: number) => void = () => {},
): Promise<number> {
  const buffer = new Uint8Array(65536);
  let total = 0;
  for (;;) {
    const n = await readBytesAvail(buffer, from);
    if (isEofObject(n)) return total;
    await writeBytes(buffer, to, 0, n);
    await flushOutput(to);
    total += n;
    onChunk(n);
  }
}

/** Waits until everything written to the real stdout has been handed to the OS. */
export function drainStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/**
 * `nodeWritableToOutputPort`: a Node `Writable` (`process.stdout`, a file, a socket, a `zlib`
 * stream…) as a racket-net output port.
 *
 * A write waits while the stream says it needs to drain, so a slow stream holds back the
 * writer instead of queueing without bound. The port starts in `'none'` mode (each write goes
 * through); pass `mode: 'block'` to buffer 4096 bytes as a file-stream port does.
 */
import { Writable } from 'node:stream';
import { type OutputBufferMode, OutputPort } from '../port/output-port.js';
import { managePorts } from '../port/manage.js';
import { streamError } from '../port/stream-error.js';
import { check } from '../exn/raise.js';
import { ANY_WRITE_FITS } from '../port/output-sink.js';

/** Options of a port made from a writable stream ({@link nodeWritableToOutputPort}, …). */
export interface OutputStreamPortOptions {
  /** The port's name, as `#<output-port:NAME>` prints it. */
  readonly name?: string;
  /** The port's buffer mode (default `'none'`: each write goes through). */
  readonly mode?: OutputBufferMode;
  /** Whether closing the port ends the stream (default true; `process.stdout` cannot end). */
  readonly endOnClose?: boolean;
}

/**
 * A Node `Writable` (`process.stdout`, a file, a `zlib` stream, …) as an output port. Not in
 * Racket. A write waits while the stream needs to drain. The port starts in `'none'` mode
 * (`options.mode` to change) and belongs to the current custodian; closing it ends the stream
 * unless `options.endOnClose` is `false`. A stream error is raised by the next write, as
 * {@link ExnFail} "error writing to stream port".
 *
 * @throws {@link ExnFailContract} if `writable` is not a `stream.Writable`.
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @example
 * ```ts
 * const stdout = nodeWritableToOutputPort(process.stdout, { endOnClose: false });
 * await copyPort(input, stdout);
 * ```
 */
export function nodeWritableToOutputPort(
  writable: Writable,
  options: OutputStreamPortOptions = {},
): OutputPort {
  check(
    'node-writable->output-port',
    (v: unknown) => v instanceof Writable,
    'stream.Writable?',
    writable,
  );
  const endOnClose = options.endOnClose ?? true;
  const port: OutputPort = new OutputPort(
    options.name ?? 'writable',
    {
      room: () => (writable.writableNeedDrain ? 0 : ANY_WRITE_FITS),
      write: (chunk) => {
        writable.write(chunk);
      },
      end: () => {
        if (endOnClose) writable.end();
      },
      abort: () => {
        if (endOnClose) writable.destroy();
      },
    },
    options.mode ?? 'none',
  );
  managePorts('node-writable->output-port', [port]);
  writable.on('drain', () => port.sinkReady());
  writable.on('error', (err) => port.sinkFailed(streamError('error writing to stream port', err)));
  return port;
}

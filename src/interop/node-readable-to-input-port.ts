/**
 * `nodeReadableToInputPort`: a Node `Readable` (a file, `process.stdin`, a socket, a
 * `zlib` stream…) as a racket-net input port.
 *
 * Backpressure goes through the port: once its buffer holds `highWater` bytes it pauses the
 * stream, and resumes it when a reader makes room, so a slow reader never makes memory grow.
 */
import { Readable } from 'node:stream';
import { InputPort } from '../port/input-port.js';
import { managePorts } from '../port/manage.js';
import { streamError } from '../port/stream-error.js';
import { check } from '../exn/raise.js';

/** Options of a port made from a stream ({@link nodeReadableToInputPort}, …). */
export interface StreamPortOptions {
  /** The port's name, as `#<input-port:NAME>` prints it. */
  readonly name?: string;
  /** Bytes the port buffers before it pauses the stream (default 65536). */
  readonly highWater?: number;
}

/**
 * A Node `Readable` (a file, `process.stdin`, a `zlib` stream, …) as an input port. Not in
 * Racket. Backpressure goes through the port: once it buffers `options.highWater` bytes it
 * pauses the stream. The port belongs to the current custodian; closing it destroys the
 * stream. A stream error is raised by a read, as {@link ExnFail} "error reading from stream
 * port".
 *
 * @throws {@link ExnFailContract} if `readable` is not a `stream.Readable`.
 * @throws {@link ExnFail} if the current custodian has been shut down.
 * @example
 * ```ts
 * const stdin = nodeReadableToInputPort(process.stdin, { name: 'stdin' });
 * for await (const line of inLines(stdin)) console.log(line.toUpperCase());
 * ```
 */
export function nodeReadableToInputPort(
  readable: Readable,
  options: StreamPortOptions = {},
): InputPort {
  check(
    'node-readable->input-port',
    (v: unknown) => v instanceof Readable,
    'stream.Readable?',
    readable,
  );
  const port = new InputPort(
    options.name ?? 'readable',
    {
      resume: () => readable.resume(),
      pause: () => readable.pause(),
      // Closing the port releases the stream (for stdin: lets the process end).
      close: () => readable.destroy(),
    },
    { highWater: options.highWater ?? 65536 },
  );
  managePorts('node-readable->input-port', [port]);
  readable.on('data', (chunk: Buffer | string) =>
    port.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
  );
  readable.on('end', () => port.pushEof());
  readable.on('close', () => port.pushEof());
  readable.on('error', (err) => port.pushError(streamError('error reading from stream port', err)));
  return port;
}

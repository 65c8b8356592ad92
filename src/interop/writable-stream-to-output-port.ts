/**
 * `writableStreamToOutputPort`: a Web `WritableStream` (a `CompressionStream`'s writable
 * side, a `TransformStream`…) as a racket-net output port.
 *
 * A write waits while the stream's `desiredSize` is not positive (its queue is full), so the
 * stream's backpressure holds the writer back. `'none'` mode by default, as for Node streams.
 */
import { OutputPort } from '../port/output-port.js';
import { type OutputStreamPortOptions } from './node-writable-to-output-port.js';
import { managePorts } from '../port/manage.js';
import { streamError } from '../port/stream-error.js';
import { check } from '../exn/raise.js';
import { ANY_WRITE_FITS } from '../port/output-sink.js';

/**
 * A Web `WritableStream` (a `CompressionStream`'s writable side, a `TransformStream`, …) as an
 * output port. Not in Racket. A write waits while the stream's queue is full. The port starts
 * in `'none'` mode (`options.mode` to change) and belongs to the current custodian; closing it
 * closes the stream unless `options.endOnClose` is `false`. A stream error is raised by the
 * next write, as {@link ExnFail} "error writing to stream port".
 *
 * @throws {@link ExnFailContract} if `stream` is not a `WritableStream`.
 * @throws {@link ExnFail} if the current custodian has been shut down.
 */
export function writableStreamToOutputPort(
  stream: WritableStream<Uint8Array>,
  options: OutputStreamPortOptions = {},
): OutputPort {
  check(
    'writable-stream->output-port',
    (v: unknown) => v instanceof WritableStream,
    'WritableStream?',
    stream,
  );
  const writer = stream.getWriter();
  const endOnClose = options.endOnClose ?? true;
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    port.sinkFailed(streamError('error writing to stream port', error));
  };
  const port: OutputPort = new OutputPort(
    options.name ?? 'writable-stream',
    {
      // `desiredSize` counts in the stream's own units (often chunks), so it only says yes/no.
      // `null` means the stream errored: let the write through so the error is raised.
      room: () => {
        const desired = writer.desiredSize;
        return desired === null || desired > 0 ? ANY_WRITE_FITS : 0;
      },
      write: (chunk) => {
        writer.write(chunk).catch(fail);
        // Whenever the queue has room again, waiting writers go on.
        writer.ready.then(() => port.sinkReady(), fail);
      },
      end: () => {
        if (endOnClose) writer.close().catch(fail);
      },
      abort: () => {
        if (endOnClose) writer.abort().catch(() => {});
      },
    },
    options.mode ?? 'none',
  );
  managePorts('writable-stream->output-port', [port]);
  writer.closed.catch(fail);
  return port;
}

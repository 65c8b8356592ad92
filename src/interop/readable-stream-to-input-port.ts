/**
 * `readableStreamToInputPort`: a Web `ReadableStream` of bytes (a `fetch` body, a
 * `DecompressionStream`…) as a racket-net input port.
 *
 * The port pulls chunks only while it has room below its high-water mark (one `read()` at a
 * time), so the stream's own backpressure holds. Closing the port cancels the stream.
 */
import { InputPort } from '../port/input-port.js';
import { type StreamPortOptions } from './node-readable-to-input-port.js';
import { managePorts } from '../port/manage.js';
import { streamError } from '../port/stream-error.js';
import { check } from '../exn/raise.js';

/**
 * A Web `ReadableStream` of bytes (a `fetch` body, a `DecompressionStream`, …) as an input
 * port. Not in Racket. The port reads a chunk only while it has room below
 * `options.highWater`, so the stream's backpressure holds. The port belongs to the current
 * custodian; closing it cancels the stream. A stream error is raised by a read, as
 * {@link ExnFail} "error reading from stream port".
 *
 * @throws {@link ExnFailContract} if `stream` is not a `ReadableStream`.
 * @throws {@link ExnFail} if the current custodian has been shut down.
 */
export function readableStreamToInputPort(
  stream: ReadableStream<Uint8Array>,
  options: StreamPortOptions = {},
): InputPort {
  check(
    'readable-stream->input-port',
    (v: unknown) => v instanceof ReadableStream,
    'ReadableStream?',
    stream,
  );
  const reader = stream.getReader();
  let paused = false;
  let pulling = false;
  let done = false;

  async function pull(): Promise<void> {
    if (pulling) return;
    pulling = true;
    try {
      while (!paused && !done) {
        const { value, done: finished } = await reader.read();
        if (finished) {
          done = true;
          port.pushEof();
        } else if (value !== undefined) port.push(value);
      }
    } catch (error) {
      done = true;
      port.pushError(streamError('error reading from stream port', error));
    } finally {
      pulling = false;
    }
  }

  const port = new InputPort(
    options.name ?? 'readable-stream',
    {
      resume: () => {
        paused = false;
        void pull();
      },
      pause: () => {
        paused = true;
      },
      close: () => {
        done = true;
        reader.cancel().catch(() => {});
      },
    },
    { highWater: options.highWater ?? 65536 },
  );
  managePorts('readable-stream->input-port', [port]);
  void pull();
  return port;
}

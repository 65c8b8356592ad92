/**
 * `inputPortToReadableStream`: a racket-net input port as a Web `ReadableStream` of bytes, to
 * hand to `fetch`, `Response`, `CompressionStream` or `pipeTo`.
 *
 * The stream pulls (reads from the port) only when its consumer wants more, so bytes a slow
 * consumer has not asked for stay in the port, which pauses its own source. Cancelling the
 * stream closes the port.
 */
import { isEofObject } from '../port/eof.js';
import { type InputPort } from '../port/input-port.js';
import { closeInputPort } from '../port/any-port.js';
import { readBytesAvail } from '../port/read.js';
import { checkInputPort } from '../port/check.js';

const CHUNK = 65536;

/**
 * An input port as a Web `ReadableStream` of bytes, for `fetch`, `Response`,
 * `CompressionStream` or `pipeTo`. Not in Racket. The stream reads from the port only when its
 * consumer wants more; it closes the port at EOF, and cancelling the stream closes it too. An
 * error a read raises errors the stream.
 *
 * @throws {@link ExnFailContract} if `port` is not an input port.
 * @example
 * ```ts
 * const text = await new Response(inputPortToReadableStream(input)).text();
 * ```
 */
export function inputPortToReadableStream(port: InputPort): ReadableStream<Uint8Array> {
  checkInputPort('input-port->readable-stream', port);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const buffer = new Uint8Array(CHUNK);
        const n = await readBytesAvail(buffer, port);
        if (isEofObject(n)) {
          controller.close();
          closeInputPort(port);
        } else controller.enqueue(buffer.subarray(0, n));
      },
      cancel() {
        closeInputPort(port);
      },
    },
    // One chunk queued ahead at most: the rest waits in the port.
    { highWaterMark: 1 },
  );
}

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
import { closeInputPort } from '../port/ports.js';
import { readBytesAvail } from '../port/read.js';
import { checkInputPort } from '../port/check.js';

const CHUNK = 65536;

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

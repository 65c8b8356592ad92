/**
 * `outputPortToWritableStream`: a racket-net output port as a Web `WritableStream`, the
 * target of `pipeTo` (a `fetch` body, a `DecompressionStream`'s output…).
 *
 * Each chunk is written and flushed before the stream hands over the next one, so a port that
 * cannot take more (a slow TCP peer) makes `pipeTo` wait. Closing the stream closes the port
 * (TCP: flush, then FIN); aborting it closes the port without flushing.
 */
import { type OutputPort } from '../port/output-port.js';
import { closeOutputPort } from '../port/any-port.js';
import { flushOutput, writeBytes } from '../port/write.js';
import { checkOutputPort } from '../port/check.js';

/**
 * An output port as a Web `WritableStream`, the target of `pipeTo`. Not in Racket. Each chunk
 * is written and flushed before the stream hands over the next, so a port that cannot take
 * more makes `pipeTo` wait. Closing the stream closes the port (TCP: flush, then FIN);
 * aborting it closes the port without flushing.
 *
 * @throws {@link ExnFailContract} if `port` is not an output port.
 */
export function outputPortToWritableStream(port: OutputPort): WritableStream<Uint8Array> {
  checkOutputPort('output-port->writable-stream', port);
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      await writeBytes(chunk, port);
      await flushOutput(port);
    },
    async close() {
      await closeOutputPort(port);
    },
    abort() {
      if (!port.isClosed) port.abort();
    },
  });
}

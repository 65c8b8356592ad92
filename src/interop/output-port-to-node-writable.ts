/**
 * `outputPortToNodeWritable`: a racket-net output port as a Node `Writable`.
 *
 * Each chunk is written and flushed before the stream takes the next one, so the port's own
 * backpressure (a TCP peer that reads slowly) reaches the stream's writers. Ending the
 * stream closes the port (for TCP: flush, then FIN); destroying it closes without flushing.
 */
import { Writable } from 'node:stream';
import { type OutputPort } from '../port/output-port.js';
import { closeOutputPort } from '../port/any-port.js';
import { flushOutput, writeBytes } from '../port/write.js';
import { checkOutputPort } from '../port/check.js';

/**
 * An output port as a Node `Writable`. Not in Racket. Each chunk is written and flushed before
 * the stream takes the next, so the port's backpressure reaches the stream's writers. Ending
 * the stream closes the port (TCP: flush, then FIN); destroying it closes the port without
 * flushing. An error a write raises fails the stream.
 *
 * @throws {@link ExnFailContract} if `port` is not an output port.
 */
export function outputPortToNodeWritable(port: OutputPort): Writable {
  checkOutputPort('output-port->node-writable', port);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeBytes(chunk, port)
        .then(() => flushOutput(port))
        .then(() => callback(), callback);
    },
    final(callback) {
      closeOutputPort(port).then(() => callback(), callback);
    },
    destroy(error, callback) {
      if (!port.isClosed) port.abort();
      callback(error);
    },
  });
}

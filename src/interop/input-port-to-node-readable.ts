/**
 * `inputPortToNodeReadable`: a racket-net input port as a Node `Readable`, for `pipeline`,
 * `zlib`, `http` and the rest of `node:stream`.
 *
 * The stream reads from the port only when Node asks (`read()`), and stops when `push` says
 * its buffer is full, so a slow consumer leaves bytes in the port, which pauses its source.
 * Destroying the stream closes the port.
 */
import { Readable } from 'node:stream';
import { isEofObject } from '../port/eof.js';
import { type InputPort } from '../port/input-port.js';
import { closeInputPort } from '../port/any-port.js';
import { readBytesAvail } from '../port/read.js';
import { checkInputPort } from '../port/check.js';

const CHUNK = 65536;

/**
 * An input port as a Node `Readable`, for `pipeline`, `zlib`, `http` and the rest of
 * `node:stream`. Not in Racket. The stream reads from the port only when its consumer asks, so
 * a slow consumer leaves bytes in the port, which pauses its source. Destroying the stream
 * closes the port; an error a read raises destroys the stream with it.
 *
 * @throws {@link ExnFailContract} if `port` is not an input port.
 * @example
 * ```ts
 * await pipeline(inputPortToNodeReadable(input), createGzip(), createWriteStream('out.gz'));
 * ```
 */
export function inputPortToNodeReadable(port: InputPort): Readable {
  checkInputPort('input-port->node-readable', port);
  let reading = false;
  const readable: Readable = new Readable({
    read() {
      if (reading) return;
      reading = true;
      void pump().finally(() => (reading = false));
    },
    destroy(error, callback) {
      closeInputPort(port);
      callback(error);
    },
  });

  async function pump(): Promise<void> {
    try {
      for (;;) {
        const buffer = new Uint8Array(CHUNK);
        const n = await readBytesAvail(buffer, port);
        if (readable.destroyed) return;
        if (isEofObject(n)) {
          readable.push(null);
          return;
        }
        if (!readable.push(buffer.subarray(0, n))) return;
      }
    } catch (error) {
      readable.destroy(error as Error);
    }
  }
  return readable;
}

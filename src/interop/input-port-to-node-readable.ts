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
  const pull = portPuller(port, CHUNK);
  const readable: Readable = new Readable({
    read() {
      pull(readable);
    },
    destroy(error, callback) {
      closeInputPort(port);
      callback(error);
    },
  });
  return readable;
}

/**
 * The `read()` of a stream fed from `port` (the worker of `inputPortToNodeReadable` and ssl's
 * `PortsDuplex`): while the stream takes more, reads up to `chunk` bytes at a time and pushes
 * them; EOF ends the stream, an error a read raises destroys it. One read runs at a time.
 */
export function portPuller(port: InputPort, chunk: number): (readable: Readable) => void {
  let reading = false;
  async function pump(readable: Readable): Promise<void> {
    try {
      for (;;) {
        const buffer = new Uint8Array(chunk);
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
  return (readable) => {
    if (reading) return;
    reading = true;
    void pump(readable).finally(() => (reading = false));
  };
}

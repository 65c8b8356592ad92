/**
 * A pair of racket-net ports as a Node `Duplex`, for TLS over ports that have no socket of
 * their own (pipes, custom ports): Node runs TLS over any Duplex (as a `JSStreamSocket`).
 * Reads are taken from the input port only when TLS asks; each write is written and flushed
 * before the next, so the output port's backpressure reaches TLS. The ports are closed when the
 * Duplex is destroyed only with `closeOriginal` (Racket's `#:close-original?`).
 */
import { Duplex } from 'node:stream';
import { portPuller } from '../interop/input-port-to-node-readable.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { flushOutput, writeBytes } from '../port/write.js';

const CHUNK = 16 * 1024;

export class PortsDuplex extends Duplex {
  readonly #pull: (readable: Duplex) => void;

  constructor(
    readonly input: InputPort,
    readonly output: OutputPort,
    readonly closeOriginal: boolean,
  ) {
    super({ allowHalfOpen: true });
    this.#pull = portPuller(input, CHUNK);
  }

  override _read(): void {
    this.#pull(this);
  }

  override _write(
    chunk: Uint8Array,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    writeBytes(chunk, this.output)
      .then(() => flushOutput(this.output))
      .then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      );
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.closeOriginal) {
      callback();
      return;
    }
    closeOutputPort(this.output).then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.closeOriginal) {
      closeInputPort(this.input);
      // Closed without waiting: anything still buffered goes out, errors have nowhere to go.
      closeOutputPort(this.output).catch(() => {});
    }
    callback(error);
  }
}

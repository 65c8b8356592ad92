/**
 * The way from an output port to its sink: the port's buffer, the writes past it, and the
 * sink's failure. Once the sink has failed (EPIPE), each attempt to hand it bytes raises the
 * error and discards them, as Racket does; a flush of nothing, or a write that only buffers,
 * succeeds.
 */
import { type Exn } from '../exn/exn.js';
import { DirectWriter } from './direct-write.js';
import { OutputBuffer } from './output-buffer.js';
import { type OutputSink } from './output-sink.js';

export class SinkGate {
  /** Empty, and never used, in mode `false`. */
  readonly buffer = new OutputBuffer();
  /** Writes past the buffer. */
  readonly direct: DirectWriter;
  /** An error from the sink (e.g. EPIPE), raised by each later attempt to hand it bytes. */
  error: Exn | null = null;
  /** Set by a write whose bytes are buffered but whose mode asks for a flush now. */
  needsFlush = false;

  constructor(readonly sink: OutputSink) {
    this.direct = new DirectWriter(sink);
  }

  /** Hands the buffer to the sink if it can take it; true when the buffer is empty. */
  flushSome(): boolean {
    if (this.error !== null && this.buffer.count > 0) this.raiseError();
    return this.buffer.flushTo(this.sink);
  }

  /** Writes `src[start…end)` past the buffer, as much as the sink takes now; the count. */
  writeDirect(src: Uint8Array, start: number, end: number, mayLend: boolean): number {
    if (this.error !== null && end > start) this.raiseError();
    return this.direct.write(src, start, end, mayLend);
  }

  /** Raises the sink's error (it has one); what was buffered is discarded. */
  raiseError(): never {
    this.buffer.discard();
    this.needsFlush = false;
    throw this.error!;
  }
}

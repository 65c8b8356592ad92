/**
 * What an input port does for the bytes each read takes, once line counting or a progress
 * event is on (until then a port has no tracker, and reads pay one `null` test): counts lines
 * (`location.ts`) and fires the pending progress event (`progress.ts`).
 */
import { type ChunkQueue } from './chunk-queue.js';
import { LineCounter } from './location.js';
import { ProgressSignal } from './progress.js';

export class ReadTracker {
  counter: LineCounter | null = null;
  /** The progress event the next read (or the close) fires; made on demand. */
  #progress: ProgressSignal | null = null;

  /** The first `n` unread bytes of `chunks` are being read. */
  read(chunks: ChunkQueue, n: number): void {
    if (this.counter !== null) this.counter.countQueue(chunks, n);
    if (n > 0) this.fire();
  }

  /** `bytes[start…end)` were read (by a port whose reads bypass its buffer). */
  noted(bytes: Uint8Array, start: number, end: number): void {
    this.counter?.countBytes(bytes, start, end);
    if (end > start) this.fire();
  }

  /** `port-count-lines!`: counting starts at line 1, column 0, `position`. */
  countLines(position: number): void {
    this.counter ??= new LineCounter(position);
  }

  progressEvt(): ProgressSignal {
    return (this.#progress ??= new ProgressSignal());
  }

  /** Progress was made (a read, a close): the pending progress event becomes ready. */
  fire(): void {
    const progress = this.#progress;
    if (progress === null) return;
    this.#progress = null;
    progress.fire();
  }
}

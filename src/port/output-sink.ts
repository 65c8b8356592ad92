/** Where an output port's bytes go: the interface a socket or a pipe implements. */

/**
 * Where an output port's bytes go (a socket, a pipe's reader, a stream): the port hands it
 * bytes when it has room, and tells it when the port ends or is aborted. racket-net's own sinks
 * implement it; to make a port over a stream of your own, use `nodeWritableToOutputPort` or
 * `writableStreamToOutputPort`.
 */
export interface OutputSink {
  /** Bytes the sink takes now without waiting; 0 until it calls `port.sinkReady()`. */
  room(): number;
  /** Takes `chunk` (at most `room()` bytes); the sink may keep it: the port never reuses it. */
  write(chunk: Uint8Array): void;
  /** No more output (TCP sends a FIN once everything is written). */
  end(): void;
  /** Closed without flushing (custodian shutdown, abandon): release at once. */
  abort(): void;
  /** The buffer mode changed (TCP turns TCP_NODELAY on exactly in `'block'` mode). */
  bufferModeChanged?(mode: OutputBufferMode): void;
  /** The port is closing: the writes that follow are its last, and `end` comes after them. */
  closing?(): void;
  /**
   * Writes of at least this many bytes may be *lent* to `write`: a view of the caller's bytes,
   * not a copy. The sink must let go of them by the time `room()` is above 0 again, and the
   * write completes only then. Without it, every write past the buffer is copied.
   */
  lendAt?(): number;
  /**
   * Takes a view of the port's own buffer, which the port reuses if the sink says (true) that
   * it let go of the bytes before returning; otherwise the sink keeps the buffer for good.
   * Without it, flushes copy (small ones) or give the buffer away (large ones).
   */
  writeBuffer?(view: Uint8Array): boolean;
}

/**
 * The room a sink over a stream or socket reports while the stream takes more (below its
 * high-water mark): any one write fits, and the stream queues what the kernel does not take.
 */
export const ANY_WRITE_FITS = 1 << 30;

/**
 * An output port's buffer mode: `'block'` (hold up to 4096 bytes until full or flushed),
 * `'line'` (also flush at each newline) or `'none'` (write through).
 */
export type OutputBufferMode = 'block' | 'line' | 'none';

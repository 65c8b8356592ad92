/** What feeds an input port, and the options a port is made with. */

/**
 * Where an input port's bytes come from (a socket, a pipe's writer, a stream): the port calls
 * these to pause and resume delivery, and to release the source when it closes. racket-net's
 * own sources implement it; to make a port from a stream of your own, use
 * `nodeReadableToInputPort` or `readableStreamToInputPort`.
 */
export interface InputSource {
  /** Deliver bytes (again): the port has room or a reader needs more. */
  resume(): void;
  /** Stop delivering until `resume`: the port's buffer is full. */
  pause(): void;
  /** The port is closed: stop for good and release resources. */
  close(): void;
}

export type InputBufferMode = 'block' | 'none';

export interface InputPortOptions {
  /** Bytes buffered before the source is paused. */
  readonly highWater?: number;
  /** `false` for ports that have no buffer mode (pipes). */
  readonly bufferMode?: InputBufferMode | false;
}
